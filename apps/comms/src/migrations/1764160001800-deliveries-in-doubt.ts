import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A delivery is in doubt when it may have reached the vendor without its outcome being recorded: its
 * worker died holding it (the lease ran out), or the vendor's answer never came (a timeout after the
 * request went out). Before sending such a row again, a vendor that can be asked what it sent is asked.
 */
export class DeliveriesInDoubt1764160001800 implements MigrationInterface {
  name = 'DeliveriesInDoubt1764160001800';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE comms.deliveries ADD COLUMN in_doubt boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE comms.deliveries DROP COLUMN in_doubt`);
  }
}
