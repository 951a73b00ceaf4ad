import type { DataSource } from 'typeorm';
import { SitrepEvent, subjectFilters } from '@sitrep/contracts';
import { EventHandler, appendToOutbox, handleOnce } from '@sitrep/messaging';
import { CORE_SCHEMA } from '../core-schema';
import type { OutboxSignal } from '../outbox/unit-of-work';
import { IncidentChange } from './incident-change';
import { noticeNotSentText, noticeOutcomeText } from './notice-outcome-text';

export const WAR_ROOM_INTAKE = 'core-war-room-intake';

/**
 * The seed's "war room activated": comms reports the opened channel, the timeline records when. comms also
 * reports how each notice about the incident ended (delivered to a person, or failed): the timeline keeps
 * those facts, and the post-mortem reads who was told what from them.
 */
export function warRoomIntakeHandler(dataSource: DataSource, signal: OutboxSignal): EventHandler {
  return {
    consumer: WAR_ROOM_INTAKE,
    kind: 'durable',
    filter: subjectFilters.warRoomEvents,
    types: ['war_room.opened', 'war_room.notice_outcome', 'war_room.notice_not_sent'],
    async handle(event: SitrepEvent): Promise<void> {
      if (event.type === 'war_room.notice_outcome' || event.type === 'war_room.notice_not_sent') return recordNoticeOutcome(dataSource, signal, event);
      if (event.type !== 'war_room.opened' || !event.incidentId) return;
      const incidentId = event.incidentId;
      const { channelName, openedAt } = event.data;
      await handleOnce(dataSource, CORE_SCHEMA, WAR_ROOM_INTAKE, event.id, async (manager) => {
        const [known] = await manager.query(`SELECT id FROM core.incidents WHERE id = $1`, [incidentId]);
        if (!known) return;
        const change = new IncidentChange(manager, (e) => appendToOutbox(manager, CORE_SCHEMA, e), incidentId, event.actor, new Date(openedAt), 'comms');
        await change.line({ kind: 'war_room_activated', text: `war room activated: #${channelName}`, detail: { channelName } });
      });
      signal.wake();
    },
  };
}

async function recordNoticeOutcome(dataSource: DataSource, signal: OutboxSignal, event: SitrepEvent): Promise<void> {
  if ((event.type !== 'war_room.notice_outcome' && event.type !== 'war_room.notice_not_sent') || !event.incidentId) return;
  const incidentId = event.incidentId;
  const line =
    event.type === 'war_room.notice_outcome'
      ? { kind: event.data.outcome === 'sent' ? 'notice_delivered' : 'notice_failed', text: noticeOutcomeText(event.data), detail: event.data }
      : { kind: 'notice_not_sent', text: noticeNotSentText(event.data), detail: event.data };
  await handleOnce(dataSource, CORE_SCHEMA, WAR_ROOM_INTAKE, event.id, async (manager) => {
    const [known] = await manager.query(`SELECT id FROM core.incidents WHERE id = $1`, [incidentId]);
    if (!known) return;
    const change = new IncidentChange(manager, (e) => appendToOutbox(manager, CORE_SCHEMA, e), incidentId, event.actor, new Date(event.data.at), 'comms');
    await change.line({ ...line, internal: true });
  });
  signal.wake();
}
