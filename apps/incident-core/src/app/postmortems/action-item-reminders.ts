import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { CLOCK, Clock } from '@sitrep/clock';
import { SYSTEM_ACTOR } from '@sitrep/contracts';
import { LOGGER } from '@sitrep/platform';
import { ClockPoller, DEADLINE_SCHEDULER_OPTIONS, DeadlineSchedulerOptions } from '../deadlines/clock-poller';
import { IncidentChange } from '../incidents/incident-change';
import { UnitOfWork } from '../outbox/unit-of-work';
import { isoDay } from './format';
import { ACTION_ITEM_COLUMNS, ActionItemRow } from './postmortem-store';

export const REMIND_EVERY_MS = 24 * 3_600_000;

/** Whole days an item due on `dueDate` (YYYY-MM-DD) is overdue on `now`'s UTC day: 1 the day after. */
export function daysOverdue(dueDate: string, now: Date): number {
  return Math.round((Date.parse(`${isoDay(now)}T00:00:00Z`) - Date.parse(`${dueDate}T00:00:00Z`)) / 86_400_000);
}

/**
 * Reminds the owners of overdue action items: an open item past its due date emits
 * postmortem.action_item_overdue (comms tells the owner), at most once a day per item. Rows are claimed
 * FOR UPDATE SKIP LOCKED and stamped in the same transaction as the event, like the deadline scheduler.
 */
@Injectable()
export class ActionItemReminders extends ClockPoller {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) logger: Logger,
    @Inject(DEADLINE_SCHEDULER_OPTIONS) options: DeadlineSchedulerOptions,
  ) {
    super('action item reminders', logger, options);
  }

  /** Sends every reminder due by now; returns how many. */
  async tick(): Promise<number> {
    return this.unitOfWork.run(async (manager, record) => {
      const now = this.clock.now();
      const rows: ActionItemRow[] = await manager.query(
        `SELECT ${ACTION_ITEM_COLUMNS} FROM core.postmortem_action_items
         WHERE status = 'open' AND due_date < $1::date AND (last_reminded_at IS NULL OR last_reminded_at <= $2)
         ORDER BY due_date, id LIMIT 100 FOR UPDATE SKIP LOCKED`,
        [isoDay(now), new Date(now.getTime() - REMIND_EVERY_MS)],
      );
      for (const row of rows) {
        await manager.query(`UPDATE core.postmortem_action_items SET last_reminded_at = $2 WHERE id = $1`, [row.id, now]);
        const change = new IncidentChange(manager, record, row.incident_id, SYSTEM_ACTOR, now, 'clock');
        await change.emit('postmortem.action_item_overdue', {
          incidentId: row.incident_id,
          actionItemId: row.id,
          title: row.title,
          ownerPersonId: row.owner_person_id,
          dueDate: row.due_date,
          priority: row.priority,
          daysOverdue: Math.max(1, daysOverdue(row.due_date, now)),
          jiraKey: row.jira_key,
          jiraUrl: row.jira_url,
        });
        this.logger.debug({ incidentId: row.incident_id, actionItemId: row.id }, 'overdue action item reminder');
      }
      return rows.length;
    });
  }
}
