import { escalate, nextLevel } from '../escalations/escalate';
import type { DeadlineRow } from '../deadlines/deadline-store';
import type { IncidentChange } from '../incidents/incident-change';

/**
 * A post-mortem still unpublished when its clock is breached escalates one level up the engineering
 * path (the engineering VP, or the CTO if the VP was already called during the incident). Called by the
 * deadline scheduler in the transaction that marks the clock breached.
 */
export async function escalateOverduePostmortem(change: IncidentChange, row: DeadlineRow): Promise<boolean> {
  if (row.kind !== 'postmortem') return false;
  const hours = Math.round((row.due_at.getTime() - row.starts_at.getTime()) / 3_600_000);
  const level = await nextLevel(change, 'engineering');
  if (level && (await escalate(change, 'engineering', level, `post-mortem still not published ${hours}h after resolution`))) return true;
  await change.line({ kind: 'postmortem_overdue', text: `post-mortem still not published ${hours}h after resolution; the engineering escalation path is already at the top` });
  return false;
}
