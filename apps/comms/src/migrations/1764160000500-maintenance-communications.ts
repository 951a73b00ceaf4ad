import { MigrationInterface, QueryRunner } from 'typeorm';

/** A maintenance notice carries its window, which the status page and the messages show. */
export class MaintenanceCommunications1764160000500 implements MigrationInterface {
  name = 'MaintenanceCommunications1764160000500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE comms.communications ADD COLUMN scheduled_for timestamptz NULL, ADD COLUMN scheduled_until timestamptz NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE comms.communications DROP COLUMN scheduled_for, DROP COLUMN scheduled_until`);
  }
}
