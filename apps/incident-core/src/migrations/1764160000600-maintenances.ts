import { MigrationInterface, QueryRunner } from 'typeorm';

export class Maintenances1764160000600 implements MigrationInterface {
  name = 'Maintenances1764160000600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE core.maintenances (
      id uuid PRIMARY KEY,
      title text NOT NULL,
      message text NOT NULL,
      component_ids uuid[] NOT NULL,
      scheduled_for timestamptz NOT NULL,
      scheduled_until timestamptz NOT NULL CHECK (scheduled_until > scheduled_for),
      state text NOT NULL DEFAULT 'scheduled' CHECK (state IN ('scheduled','in_progress','completed','cancelled')),
      created_by jsonb NOT NULL,
      created_at timestamptz NOT NULL,
      started_at timestamptz NULL,
      completed_at timestamptz NULL
    )`);
    await q.query(`CREATE INDEX maintenances_open ON core.maintenances (scheduled_for) WHERE state IN ('scheduled', 'in_progress')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS core.maintenances`);
  }
}
