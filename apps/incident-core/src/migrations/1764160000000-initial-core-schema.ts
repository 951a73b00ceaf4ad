import { MigrationInterface, QueryRunner } from 'typeorm';
import { apiTokensTableSql } from '@sitrep/auth';
import { inboxTableSql, outboxTableSql } from '@sitrep/messaging';

export class InitialCoreSchema1764160000000 implements MigrationInterface {
  name = 'InitialCoreSchema1764160000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(apiTokensTableSql('core'));
    for (const sql of outboxTableSql('core')) await q.query(sql);
    await q.query(inboxTableSql('core'));
    await q.query(`CREATE TABLE core.components (
      id uuid PRIMARY KEY,
      name text NOT NULL,
      description text NULL,
      group_name text NULL,
      status text NOT NULL,
      position integer NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE SEQUENCE core.incident_reference_seq START 1`);
    await q.query(`CREATE TABLE core.incidents (
      id uuid PRIMARY KEY,
      reference text NOT NULL UNIQUE,
      title text NOT NULL,
      severity text NOT NULL CHECK (severity IN ('P1','P2','P3','P4')),
      status text NOT NULL,
      summary text NULL,
      component_ids uuid[] NOT NULL DEFAULT '{}',
      declared_at timestamptz NOT NULL,
      declared_by jsonb NOT NULL
    )`);
    await q.query(`CREATE TABLE core.timeline_entries (
      id uuid PRIMARY KEY,
      incident_id uuid NOT NULL REFERENCES core.incidents(id),
      at timestamptz NOT NULL,
      kind text NOT NULL,
      text text NOT NULL,
      actor jsonb NOT NULL,
      event_id uuid NULL
    )`);
    await q.query(`CREATE INDEX timeline_by_incident ON core.timeline_entries (incident_id, at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['timeline_entries', 'incidents', 'components', 'inbox', 'outbox', 'api_tokens']) {
      await q.query(`DROP TABLE IF EXISTS core.${table}`);
    }
    await q.query(`DROP SEQUENCE IF EXISTS core.incident_reference_seq`);
    await q.query(`DROP FUNCTION IF EXISTS core.outbox_notify()`);
  }
}
