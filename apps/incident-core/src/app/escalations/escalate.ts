import type { EscalationPath } from '@sitrep/contracts';
import { IncidentChange } from '../incidents/incident-change';
import { escalationContact } from '../incidents/people-lookup';
import { ESCALATION_LADDERS, recordEscalation } from './escalation-store';

/**
 * Escalates one level up a path, once per incident and level; the contact is told through the
 * incident.escalated event (comms pages them). Returns false when that level had already fired.
 */
export async function escalate(change: IncidentChange, path: EscalationPath, level: number, reason: string): Promise<boolean> {
  const contactRole = ESCALATION_LADDERS[path][level - 1];
  if (!contactRole) return false;
  const contact = await escalationContact(change.manager, contactRole);
  const row = await recordEscalation(change.manager, change.incidentId, path, level, contact?.id ?? null, reason, change.at);
  if (!row) return false;
  const who = contact ? `${contact.name} (${contactRole})` : `${contactRole} (no contact configured)`;
  await change.emit(
    'incident.escalated',
    { path, level, contactRole, personId: contact?.id ?? null, reason },
    { kind: 'escalated', text: `escalated to ${who}: ${reason}` },
  );
  return true;
}

/** The next level of a path not yet fired, or null when the path is exhausted. */
export async function nextLevel(change: IncidentChange, path: EscalationPath): Promise<number | null> {
  const [{ fired }] = await change.manager.query(`SELECT count(*)::int AS fired FROM core.escalations WHERE incident_id = $1 AND path = $2`, [change.incidentId, path]);
  return fired < ESCALATION_LADDERS[path].length ? fired + 1 : null;
}
