import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A Slack event is done only once its handling succeeded: until then it is pending, held by a lease while
 * a replica handles it, and kept (its envelope) so that a failed or interrupted handling is tried again,
 * by Slack's retry or by comms itself. Events recorded before this were claimed when received: done.
 */
export class SlackEventLeases1764160002420 implements MigrationInterface {
  name = 'SlackEventLeases1764160002420';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE comms.slack_events
      ADD COLUMN state text NOT NULL DEFAULT 'done' CHECK (state IN ('pending', 'done', 'failed')),
      ADD COLUMN envelope jsonb NULL,
      ADD COLUMN claimed_until timestamptz NULL,
      ADD COLUMN attempts integer NOT NULL DEFAULT 0,
      ADD COLUMN next_attempt_at timestamptz NULL,
      ADD COLUMN last_error text NULL`);
    await q.query(`ALTER TABLE comms.slack_events ALTER COLUMN state SET DEFAULT 'pending'`);
    await q.query(`CREATE INDEX slack_events_due ON comms.slack_events (next_attempt_at) WHERE state = 'pending'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX comms.slack_events_due`);
    await q.query(`ALTER TABLE comms.slack_events DROP COLUMN state, DROP COLUMN envelope, DROP COLUMN claimed_until, DROP COLUMN attempts, DROP COLUMN next_attempt_at, DROP COLUMN last_error`);
  }
}
