import type { DataSource } from 'typeorm';
import { SitrepEvent, subjectFilters } from '@sitrep/contracts';
import { EventHandler, handleOnce } from '@sitrep/messaging';
import { COMMS_SCHEMA } from '../comms-schema';
import { enqueueDeliveries } from './delivery-ledger';
import { FanoutMessage } from './notification-composer';
import { publishedUpdateText } from '../war-room/war-room-texts';

export const FANOUT_CONSUMER = 'comms-fanout';

export interface FanoutHandlerDeps {
  dataSource: DataSource;
  /** Subscriber channels this deployment can send on. */
  subscriberChannels: () => ('email' | 'sms')[];
  slackEnabled: boolean;
  /** Wakes the planner in this process once the fan-out is recorded. */
  planned: () => void;
}

/**
 * Records each published communication's fan-out once (inbox + a fan-out row keyed by communication id),
 * and queues the war-room post. The rows per subscriber are the planner's job, page by page: the event is
 * acknowledged in milliseconds whatever the number of subscribers.
 */
export function fanoutHandler(deps: FanoutHandlerDeps): EventHandler {
  return {
    consumer: FANOUT_CONSUMER,
    kind: 'durable',
    filter: subjectFilters.communicationEvents,
    types: ['communication.published'],
    async handle(event: SitrepEvent): Promise<void> {
      if (event.type !== 'communication.published') return;
      const communication = event.data;
      const enabled = deps.subscriberChannels();
      const channels = communication.channels.filter((c): c is 'email' | 'sms' => (c === 'email' || c === 'sms') && enabled.includes(c));
      await handleOnce(deps.dataSource, COMMS_SCHEMA, FANOUT_CONSUMER, event.id, async (manager) => {
        const incidents: { reference: string; severity: string }[] = event.incidentId
          ? await manager.query(
              `SELECT reference, severity FROM ${COMMS_SCHEMA}.known_incidents WHERE id = $1
               UNION ALL SELECT reference, severity FROM ${COMMS_SCHEMA}.war_rooms WHERE incident_id = $1`,
              [event.incidentId],
            )
          : [];
        const message: FanoutMessage = { communication, incident: incidents[0] ?? null };
        // A communication published twice (a replayed dead letter, a second event) is fanned out once.
        await manager.query(
          `INSERT INTO ${COMMS_SCHEMA}.fanouts (communication_id, incident_id, event_id, message, channels, component_ids)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (communication_id) DO NOTHING`,
          [communication.communicationId, event.incidentId, event.id, JSON.stringify(message), channels, communication.components.map((c) => c.id)],
        );
        if (event.incidentId && deps.slackEnabled && communication.subject === 'incident') {
          await enqueueDeliveries(manager, [
            {
              channel: 'slack',
              purpose: 'internal',
              payload: { kind: 'slack_post', target: { warRoom: event.incidentId }, text: publishedUpdateText(communication, incidents[0]?.reference ?? null) },
              dedupeKey: `published:${communication.communicationId}:war-room`,
            },
          ]);
        }
      });
      deps.planned();
    },
  };
}
