import type { EntityManager } from 'typeorm';
import { COMMS_SCHEMA } from '../comms-schema';

/**
 * The incident's executive sponsor as comms knows it, or null when it has none. The roles come on
 * another consumer (the war room's), so an incident whose roles comms has not heard of yet is "not yet":
 * the error makes the event come back later rather than the sponsor miss an update.
 */
export async function sponsorOf(manager: EntityManager, incidentId: string): Promise<string | null> {
  const roles: { role: string; person_id: string }[] = await manager.query(`SELECT role, person_id FROM ${COMMS_SCHEMA}.war_room_roles WHERE incident_id = $1`, [incidentId]);
  if (roles.length === 0) throw new Error(`the roles of incident ${incidentId} are not known to comms yet`);
  return roles.find((r) => r.role === 'executive_sponsor')?.person_id ?? null;
}
