import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { EscalationContactRole, EscalationPath } from '@sitrep/contracts';

/** The seed's escalation paths, level by level. */
export const ESCALATION_LADDERS: Record<EscalationPath, readonly EscalationContactRole[]> = {
  engineering: ['engineering_vp', 'cto'],
  support: ['support_vp', 'cso'],
  communications: ['pr', 'ceo'],
};

export interface EscalationRow {
  id: string;
  incident_id: string;
  path: EscalationPath;
  level: number;
  contact_role: EscalationContactRole;
  person_id: string | null;
  reason: string;
  fired_at: Date;
}

/** Records an escalation level once per incident; a second attempt at the same level returns null. */
export async function recordEscalation(
  manager: EntityManager,
  incidentId: string,
  path: EscalationPath,
  level: number,
  personId: string | null,
  reason: string,
  at: Date,
): Promise<EscalationRow | null> {
  const contactRole = ESCALATION_LADDERS[path][level - 1];
  const rows: EscalationRow[] = await manager.query(
    `INSERT INTO core.escalations (id, incident_id, path, level, contact_role, person_id, reason, fired_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (incident_id, path, level) DO NOTHING RETURNING *`,
    [randomUUID(), incidentId, path, level, contactRole, personId, reason, at],
  );
  return rows[0] ?? null;
}

export async function escalationsOf(manager: EntityManager, incidentId: string): Promise<EscalationRow[]> {
  return manager.query(`SELECT * FROM core.escalations WHERE incident_id = $1 ORDER BY fired_at, path, level`, [incidentId]);
}
