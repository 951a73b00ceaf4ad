import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { CLOCK, Clock } from '@sitrep/clock';
import { SYSTEM_ACTOR } from '@sitrep/contracts';
import { LOGGER } from '@sitrep/platform';
import { ClockPoller, DEADLINE_SCHEDULER_OPTIONS, DeadlineSchedulerOptions } from './clock-poller';
import { escalate } from '../escalations/escalate';
import { IncidentChange } from '../incidents/incident-change';
import { UnitOfWork } from '../outbox/unit-of-work';
import { escalateOverduePostmortem } from '../postmortems/postmortem-escalation';
import { formatShortDuration } from '../policy/duration';
import { TIMER_KINDS, stagesToFire } from './deadline-rules';
import { DeadlineRow } from './deadline-store';
import { emitDeadlineStage } from './deadline-events';
import { rearmAfterMissedExecutiveUpdate } from './executive-update-clock';
import { POLICY, Policy } from '../policy/policy';



/**
 * Fires the clocks. Deadlines are rows; a stage fires by updating its row in the same transaction as
 * the events and timeline lines it causes, so each fires exactly once, whatever restarts in between.
 * Rows are claimed FOR UPDATE SKIP LOCKED, so several incident-core replicas can poll side by side.
 */
@Injectable()
export class DeadlineScheduler extends ClockPoller {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) logger: Logger,
    @Inject(DEADLINE_SCHEDULER_OPTIONS) options: DeadlineSchedulerOptions,
    @Inject(POLICY) private readonly policy: Policy,
  ) {
    super('deadline scheduler', logger, options);
  }

  /** Fires every stage that is due by now; returns how many it fired. */
  async tick(): Promise<number> {
    let fired = 0;
    for (;;) {
      const batch = await this.fireBatch();
      fired += batch;
      if (batch === 0) return fired;
    }
  }

  private fireBatch(): Promise<number> {
    return this.unitOfWork.run(async (manager, record) => {
      const now = this.clock.now();
      const rows: DeadlineRow[] = await manager.query(
        `SELECT * FROM core.deadlines
         WHERE state = 'pending' AND (
           (warned_at IS NULL AND due_fired_at IS NULL AND warn_at <= $1)
           OR (due_fired_at IS NULL AND due_at <= $1)
           OR (breach_at IS NOT NULL AND breached_at IS NULL AND breach_at <= $1))
         ORDER BY due_at LIMIT 20 FOR UPDATE SKIP LOCKED`,
        [now],
      );
      let fired = 0;
      for (const row of rows) {
        const change = new IncidentChange(manager, record, row.incident_id, SYSTEM_ACTOR, now, 'clock');
        for (const stage of stagesToFire({ warnAt: row.warn_at, dueAt: row.due_at, breachAt: row.breach_at, warnedAt: row.warned_at, dueFiredAt: row.due_fired_at, breachedAt: row.breached_at }, now)) {
          fired++;
          if (stage === 'due_soon') {
            row.warned_at = now;
            await manager.query(`UPDATE core.deadlines SET warned_at = $2 WHERE id = $1`, [row.id, now]);
            await emitDeadlineStage(change, row, 'due_soon');
          } else if (stage === 'due') {
            row.due_fired_at = now;
            await manager.query(`UPDATE core.deadlines SET due_fired_at = $2, warned_at = coalesce(warned_at, $2) WHERE id = $1`, [row.id, now]);
            await emitDeadlineStage(change, row, 'due');
            if (TIMER_KINDS.has(row.kind)) await this.elapse(change, row);
          } else {
            row.state = 'breached';
            row.breached_at = now;
            await manager.query(`UPDATE core.deadlines SET state = 'breached', breached_at = $2, due_fired_at = coalesce(due_fired_at, $2) WHERE id = $1`, [row.id, now]);
            await emitDeadlineStage(change, row, 'breached');
            if (row.kind === 'postmortem') await escalateOverduePostmortem(change, row);
            if (row.kind === 'executive_update') await rearmAfterMissedExecutiveUpdate(manager, row, this.policy);
          }
        }
        this.logger.debug({ incidentId: row.incident_id, deadlineId: row.id, kind: row.kind }, 'deadline fired');
      }
      return fired;
    });
  }

  /** What happens when a timer runs out. */
  private async elapse(change: IncidentChange, row: DeadlineRow): Promise<void> {
    const { manager } = change;
    row.state = 'met';
    row.met_at = change.at;
    await manager.query(`UPDATE core.deadlines SET state = 'met', met_at = $2 WHERE id = $1`, [row.id, change.at]);
    const [incident] = await manager.query(`SELECT status, resolved_at FROM core.incidents WHERE id = $1`, [row.incident_id]);
    switch (row.kind) {
      case 'stability_window':
        await change.line({ kind: 'stability', text: 'stable for the whole stability window: the commander may resolve' });
        break;
      case 'recovery_watch':
        if (incident.status === 'recovery_watch') {
          await change.emit('incident.all_clear_due', { resolvedAt: new Date(incident.resolved_at).toISOString() }, { kind: 'all_clear_due', text: 'recovery watch over without recurrence: the all-clear is due' });
        }
        break;
      case 'escalation_engineering_vp':
      case 'escalation_cto':
        if (!incident.resolved_at && incident.status !== 'closed') {
          const level = row.kind === 'escalation_engineering_vp' ? 1 : 2;
          const after = formatShortDuration(row.due_at.getTime() - row.starts_at.getTime());
          await escalate(change, 'engineering', level, `unresolved after ${after}`);
        }
        break;
      default:
        break;
    }
  }
}
