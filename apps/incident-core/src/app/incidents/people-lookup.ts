import type { EntityManager } from 'typeorm';
import type { EscalationContactRole } from '@sitrep/contracts';

export interface PersonRef {
  id: string;
  name: string;
}

/** The few questions incident command asks of the roster, answered inside the caller's transaction. */
export async function personById(manager: EntityManager, id: string): Promise<PersonRef | null> {
  const rows: PersonRef[] = await manager.query(`SELECT id, name FROM core.people WHERE id = $1`, [id]);
  return rows[0] ?? null;
}

/** The on-call person holding a roster role, first by name, so the choice is stable. */
export async function onCallWithRole(manager: EntityManager, role: string): Promise<PersonRef | null> {
  const rows: PersonRef[] = await manager.query(`SELECT id, name FROM core.people WHERE on_call AND $1 = ANY(roles) ORDER BY name LIMIT 1`, [role]);
  return rows[0] ?? null;
}

export async function escalationContact(manager: EntityManager, role: EscalationContactRole): Promise<PersonRef | null> {
  const rows: PersonRef[] = await manager.query(
    `SELECT p.id, p.name FROM core.escalation_contacts c JOIN core.people p ON p.id = c.person_id WHERE c.role = $1`,
    [role],
  );
  return rows[0] ?? null;
}
