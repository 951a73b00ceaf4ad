import type { DataSource } from 'typeorm';
import { EVENTS_SUBJECT_ROOT, SitrepEvent } from '@sitrep/contracts';
import { EventHandler, handleOnce } from '@sitrep/messaging';
import { COMMS_SCHEMA } from '../comms-schema';
import { NewInternalDelivery, enqueueDeliveries } from '../delivery/delivery-ledger';

export const ACTION_ITEM_REMINDERS = 'comms-action-item-reminders';

/** "Overdue items remind their owner": incident-core says which item is overdue, comms tells its owner. */
export function actionItemReminderText(item: { title: string; dueDate: string; daysOverdue: number; priority: string; jiraKey: string | null; jiraUrl: string | null }): { subject: string; text: string } {
  const days = `${item.daysOverdue} day${item.daysOverdue === 1 ? '' : 's'}`;
  const tracker = item.jiraKey ? ` (${item.jiraKey}${item.jiraUrl ? `: ${item.jiraUrl}` : ''})` : '';
  return {
    subject: `[Overdue action item] ${item.title}`,
    text: `Your ${item.priority}-priority post-mortem action item "${item.title}"${tracker} was due ${item.dueDate}, ${days} ago. Please finish it or agree a new date in the next ops review.`,
  };
}

export function actionItemReminderHandler(deps: { dataSource: DataSource; email: boolean; slack: boolean; queued: () => void }): EventHandler {
  return {
    consumer: ACTION_ITEM_REMINDERS,
    kind: 'durable',
    filter: `${EVENTS_SUBJECT_ROOT}.postmortem.>`,
    types: ['postmortem.action_item_overdue'],
    async handle(event: SitrepEvent): Promise<void> {
      if (event.type !== 'postmortem.action_item_overdue') return;
      const { subject, text } = actionItemReminderText(event.data);
      const owner = event.data.ownerPersonId;
      await handleOnce(deps.dataSource, COMMS_SCHEMA, ACTION_ITEM_REMINDERS, event.id, async (manager) => {
        const notices: NewInternalDelivery[] = [];
        const about = { incidentId: event.data.incidentId, notice: 'action item reminder' as const };
        if (deps.email) notices.push({ channel: 'email', purpose: 'internal', payload: { kind: 'email_notice', personId: owner, subject, text }, dedupeKey: `${event.id}:email`, ...about });
        if (deps.slack) notices.push({ channel: 'slack', purpose: 'internal', payload: { kind: 'slack_post', target: { person: owner }, text: `*${subject}*\n${text}` }, dedupeKey: `${event.id}:slack`, ...about });
        await enqueueDeliveries(manager, notices);
      });
      deps.queued();
    },
  };
}
