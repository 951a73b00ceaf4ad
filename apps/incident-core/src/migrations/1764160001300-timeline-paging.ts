import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The console pages an incident's timeline newest first by sequence (the latest lines, then "older" by
 * `seq < n`), and looks up its status lines and the last customer notice by kind. Both are index range
 * scans of one incident, however long its timeline grows.
 */
export class TimelinePaging1764160001300 implements MigrationInterface {
  name = 'TimelinePaging1764160001300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX timeline_by_incident_seq ON core.timeline_entries (incident_id, seq)`);
    await q.query(`CREATE INDEX timeline_by_incident_kind ON core.timeline_entries (incident_id, kind, seq)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS core.timeline_by_incident_kind`);
    await q.query(`DROP INDEX IF EXISTS core.timeline_by_incident_seq`);
  }
}
