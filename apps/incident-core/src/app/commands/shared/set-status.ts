import type { IncidentStatus } from '@sitrep/contracts';
import type { IncidentChange } from '../../incidents/incident-change';
import type { IncidentEntity } from '../../incidents/incident.entity';

/** Moves the incident to a status, with its event and timeline line; the caller has checked the rule. */
export async function setStatus(change: IncidentChange, incident: IncidentEntity, to: IncidentStatus, reason: string | null, text?: string): Promise<void> {
  const from = incident.status;
  incident.status = to;
  await change.manager.query(`UPDATE core.incidents SET status = $2 WHERE id = $1`, [incident.id, to]);
  await change.emit('incident.status_changed', { from, to, reason }, { kind: 'status_changed', text: text ?? `${from} → ${to}${reason ? `: ${reason}` : ''}`, detail: { from, to } });
}
