import { MigrationInterface, QueryRunner } from 'typeorm';
import { webSessionsTableSql } from '@sitrep/web-session';

/** The console's browser sessions: only hashes of their ids are stored. */
export class ConsoleSessions1764160001200 implements MigrationInterface {
  name = 'ConsoleSessions1764160001200';

  async up(q: QueryRunner): Promise<void> {
    for (const statement of webSessionsTableSql('core')) await q.query(statement);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS core.web_sessions`);
  }
}
