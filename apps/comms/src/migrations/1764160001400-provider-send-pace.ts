import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Vendor rate limits held for all comms processes together: per provider, when the next send may start
 * (spaced by the vendor's rate) and until when the vendor asked everyone to hold off (429 Retry-After).
 */
export class ProviderSendPace1764160001400 implements MigrationInterface {
  name = 'ProviderSendPace1764160001400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE comms.provider_send_pace (
      provider text PRIMARY KEY,
      next_at timestamptz NOT NULL DEFAULT 'epoch',
      paused_until timestamptz NOT NULL DEFAULT 'epoch'
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE comms.provider_send_pace`);
  }
}
