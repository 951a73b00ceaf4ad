import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When Slack said what it said about a war room's channel (the event's event_ts, seconds with microseconds,
 * kept exact as numeric): Slack's and comms' own retries deliver events out of order, and an older rename
 * or archive must not overwrite a newer one.
 */
export class SlackEventOrder1764160002700 implements MigrationInterface {
  name = 'SlackEventOrder1764160002700';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE comms.war_rooms ADD COLUMN channel_name_event_ts numeric NULL, ADD COLUMN archive_event_ts numeric NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE comms.war_rooms DROP COLUMN channel_name_event_ts, DROP COLUMN archive_event_ts`);
  }
}
