import type { DataSource } from 'typeorm';
import { SitrepEvent, subjectFilters } from '@sitrep/contracts';
import { EventHandler, appendToOutbox, handleOnce } from '@sitrep/messaging';
import { CORE_SCHEMA } from '../core-schema';
import type { OutboxSignal } from '../outbox/unit-of-work';
import { IncidentChange } from './incident-change';

export const WAR_ROOM_INTAKE = 'core-war-room-intake';

/** The seed's "war room activated": comms reports the opened channel, the timeline records when. */
export function warRoomIntakeHandler(dataSource: DataSource, signal: OutboxSignal): EventHandler {
  return {
    consumer: WAR_ROOM_INTAKE,
    kind: 'durable',
    filter: subjectFilters.warRoomEvents,
    types: ['war_room.opened'],
    async handle(event: SitrepEvent): Promise<void> {
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
