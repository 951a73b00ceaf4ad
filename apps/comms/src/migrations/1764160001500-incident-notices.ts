import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Internal notices about an incident say which incident and what they are (a sponsor page, an executive
 * update...), so that their outcome can be reported to incident-core's timeline once. The war room keeps
 * the incident's first clocks for its pinned card.
 */
export class IncidentNotices1764160001500 implements MigrationInterface {
  name = 'IncidentNotices1764160001500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE comms.deliveries ADD COLUMN incident_id uuid NULL, ADD COLUMN notice text NULL, ADD COLUMN reported_at timestamptz NULL`);
    // Small: only ended notices about an incident whose outcome incident-core has not heard yet.
    await q.query(`CREATE INDEX deliveries_unreported ON comms.deliveries (created_at) WHERE incident_id IS NOT NULL AND reported_at IS NULL AND state IN ('sent', 'failed', 'cancelled')`);
    await q.query(`ALTER TABLE comms.war_rooms ADD COLUMN clocks jsonb NOT NULL DEFAULT '[]'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE comms.war_rooms DROP COLUMN clocks`);
    await q.query(`DROP INDEX comms.deliveries_unreported`);
    await q.query(`ALTER TABLE comms.deliveries DROP COLUMN incident_id, DROP COLUMN notice, DROP COLUMN reported_at`);
  }
}
