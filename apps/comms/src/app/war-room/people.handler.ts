import type { DataSource } from 'typeorm';
import { EVENTS_SUBJECT_ROOT, SitrepEvent } from '@sitrep/contracts';
import { EventHandler, handleOnce } from '@sitrep/messaging';
import { COMMS_SCHEMA } from '../comms-schema';

export const PEOPLE_CONSUMER = 'comms-people';

/**
 * comms' copy of the people incident-core knows, with what it needs to reach them: email, phone, Slack
 * id. The newest event wins (by occurredAt), so a late redelivery of an older one changes nothing.
 */
export function peopleHandler(dataSource: DataSource): EventHandler {
  return {
    consumer: PEOPLE_CONSUMER,
    kind: 'durable',
    filter: `${EVENTS_SUBJECT_ROOT}.person.>`,
    types: ['person.registered', 'person.updated'],
    async handle(event: SitrepEvent): Promise<void> {
      if (event.type !== 'person.registered' && event.type !== 'person.updated') return;
      const p = event.data.person;
      await handleOnce(dataSource, COMMS_SCHEMA, PEOPLE_CONSUMER, event.id, async (manager) => {
        await manager.query(
          `INSERT INTO ${COMMS_SCHEMA}.people (id, name, email, phone, slack_user_id, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, email = EXCLUDED.email, phone = EXCLUDED.phone,
             slack_user_id = coalesce(EXCLUDED.slack_user_id, CASE WHEN ${COMMS_SCHEMA}.people.email = EXCLUDED.email THEN ${COMMS_SCHEMA}.people.slack_user_id END),
             updated_at = EXCLUDED.updated_at
           WHERE ${COMMS_SCHEMA}.people.updated_at <= EXCLUDED.updated_at`,
          [p.id, p.name, p.email, p.phone, p.slackUserId, event.occurredAt],
        );
      });
    },
  };
}
