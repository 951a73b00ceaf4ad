import { ConflictException, NotFoundException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { IncidentRole } from '@sitrep/contracts';
import { IncidentEntity } from './incident.entity';

/** Loads an incident for a change, locking its row so concurrent commands on it run one after another. */
export async function lockIncident(manager: EntityManager, id: string): Promise<IncidentEntity> {
  // FOR NO KEY UPDATE, not FOR UPDATE: rows that merely reference the incident (timeline lines, clocks
  // fired by the scheduler) take KEY SHARE locks on it, which must not wait for this command.
  const incident = await manager.getRepository(IncidentEntity).createQueryBuilder('i').setLock('for_no_key_update').where('i.id = :id', { id }).getOne();
  if (!incident) throw new NotFoundException(`no incident with id ${id}`);
  return incident;
}

export async function roleHolders(manager: EntityManager, incidentId: string): Promise<Partial<Record<IncidentRole, string>>> {
  const rows: { role: IncidentRole; person_id: string }[] = await manager.query(`SELECT role, person_id FROM core.incident_roles WHERE incident_id = $1`, [incidentId]);
  return Object.fromEntries(rows.map((r) => [r.role, r.person_id]));
}

export function conflict(message: string): ConflictException {
  return new ConflictException({ statusCode: 409, error: 'Conflict', message });
}
