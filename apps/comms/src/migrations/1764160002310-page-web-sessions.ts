import { MigrationInterface, QueryRunner } from 'typeorm';
import { webSessionsTableSql } from '@sitrep/web-session';

/**
 * The approval page's sessions move to the shared web-session table shape (libs/web-session): a session
 * speaks for an API token or for a person signed in through single sign-on, with idle and absolute expiry.
 * Open sessions of the old table end (their users sign in again).
 */
export class PageWebSessions1764160002310 implements MigrationInterface {
  name = 'PageWebSessions1764160002310';

  async up(q: QueryRunner): Promise<void> {
    for (const statement of webSessionsTableSql('comms')) await q.query(statement);
    await q.query(`DROP TABLE IF EXISTS comms.approval_sessions`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS comms.web_sessions`);
    await q.query(`CREATE TABLE comms.approval_sessions (
      id_hash text PRIMARY KEY,
      token_hash text NOT NULL,
      csrf_token text NOT NULL,
      flash text NULL,
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL
    )`);
  }
}
