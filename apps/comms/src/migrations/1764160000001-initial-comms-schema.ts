import { MigrationInterface, QueryRunner } from 'typeorm';
import { apiTokensTableSql } from '@sitrep/auth';
import { inboxTableSql } from '@sitrep/messaging';

export class InitialCommsSchema1764160000001 implements MigrationInterface {
  name = 'InitialCommsSchema1764160000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(apiTokensTableSql('comms'));
    await q.query(inboxTableSql('comms'));
    await q.query(`CREATE TABLE comms.known_incidents (
      id uuid PRIMARY KEY,
      reference text NOT NULL,
      title text NOT NULL,
      severity text NOT NULL,
      declared_at timestamptz NOT NULL,
      heard_at timestamptz NOT NULL,
      source_event_id uuid NOT NULL
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['known_incidents', 'inbox', 'api_tokens']) await q.query(`DROP TABLE IF EXISTS comms.${table}`);
  }
}
