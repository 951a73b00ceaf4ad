import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The Slack Events API: each event id handled once (Slack retries a delivery it thinks was missed, with
 * X-Slack-Retry-Num, and replicas share the table), and what Slack told us about a war room's channel.
 */
export class SlackEvents1764160001700 implements MigrationInterface {
  name = 'SlackEvents1764160001700';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE comms.slack_events (
      event_id text PRIMARY KEY,
      type text NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX slack_events_received ON comms.slack_events (received_at)`);
    await q.query(`ALTER TABLE comms.war_rooms ADD COLUMN archived_at timestamptz NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE comms.war_rooms DROP COLUMN archived_at`);
    await q.query(`DROP TABLE comms.slack_events`);
  }
}
