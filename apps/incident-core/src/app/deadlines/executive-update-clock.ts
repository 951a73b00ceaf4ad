import type { EntityManager } from 'typeorm';
import type { Severity } from '@sitrep/contracts';
import type { Policy } from '../policy/policy';
import { conflict } from '../commands/kernel/refusals';
import { IncidentChange } from '../incidents/incident-change';
import { executiveUpdateFits, nextExecutiveUpdate } from './deadline-rules';
import { DeadlineRow, createDeadlines } from './deadline-store';
import { emitDeadlineStage } from './deadline-events';

/**
 * The commander's executive update meets the clock of the interval it is written in, and the next
 * interval's clock starts when this one falls due (not now: the cadence does not drift). A second update
 * in the same interval is refused: the sponsor gets exactly one update per interval.
 */
export async function meetExecutiveUpdateClock(change: IncidentChange, everyMs: number): Promise<void> {
  const { manager, incidentId, at } = change;
  const [clock]: DeadlineRow[] = await manager.query(
    `SELECT * FROM core.deadlines WHERE incident_id = $1 AND kind = 'executive_update' AND state IN ('pending', 'met') AND starts_at <= $2 AND due_at > $2
     ORDER BY due_at DESC LIMIT 1 FOR UPDATE`,
    [incidentId, at],
  );
  const fits = executiveUpdateFits(clock ? { startsAt: clock.starts_at, dueAt: clock.due_at, metAt: clock.met_at } : null, at);
  if (fits === 'already_sent') {
    throw conflict(`this interval's executive update already went to the sponsor at ${clock.met_at!.toISOString()}; the next one is due by ${clock.due_at.toISOString()}`);
  }
  if (fits === 'no_interval') return;
  const [met]: DeadlineRow[] = await manager.query(`WITH met AS (UPDATE core.deadlines SET state = 'met', met_at = $2 WHERE id = $1 RETURNING *) SELECT * FROM met`, [clock.id, at]);
  await emitDeadlineStage(change, met, 'met');
  await createDeadlines(manager, incidentId, [nextExecutiveUpdate({ dueAt: clock.due_at }, everyMs)]);
}

/** A missed interval still starts the next one, while the incident is unresolved. */
export async function rearmAfterMissedExecutiveUpdate(manager: EntityManager, missed: DeadlineRow, policy: Policy): Promise<void> {
  const [incident]: { resolved_at: Date | null; status: string; severity: Severity }[] = await manager.query(`SELECT resolved_at, status, severity FROM core.incidents WHERE id = $1`, [missed.incident_id]);
  if (!incident || incident.resolved_at || incident.status === 'closed') return;
  await createDeadlines(manager, missed.incident_id, [nextExecutiveUpdate({ dueAt: missed.due_at }, policy.severities[incident.severity].executiveUpdateEvery)]);
}
