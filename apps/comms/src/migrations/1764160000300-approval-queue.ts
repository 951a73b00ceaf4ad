import { MigrationInterface, QueryRunner } from 'typeorm';
import { outboxTableSql } from '@sitrep/messaging';

/**
 * The comms-lead approval queue: what comms knows of incidents and components to draft from, the
 * drafts and their decisions, comms' own outbox (communication.published leaves through it), and the
 * approval page's sign-in sessions.
 */
export class ApprovalQueue1764160000300 implements MigrationInterface {
  name = 'ApprovalQueue1764160000300';

  async up(q: QueryRunner): Promise<void> {
    // Each *_at column is the occurredAt of the event that set the value, so a late redelivery of an
    // older event cannot overwrite a newer one when replicas handle events out of order.
    await q.query(`ALTER TABLE comms.known_incidents
      ADD COLUMN status text NOT NULL DEFAULT 'declared',
      ADD COLUMN status_at timestamptz NULL,
      ADD COLUMN severity_at timestamptz NULL,
      ADD COLUMN comms_lead_id uuid NULL,
      ADD COLUMN comms_lead_at timestamptz NULL,
      ADD COLUMN component_ids uuid[] NOT NULL DEFAULT '{}',
      ADD COLUMN resolved_at timestamptz NULL`);
    await q.query(`CREATE TABLE comms.known_components (
      id uuid PRIMARY KEY,
      name text NOT NULL,
      group_name text NULL,
      heard_at timestamptz NOT NULL,
      source_event_id uuid NOT NULL
    )`);
    await q.query(`CREATE TABLE comms.communications (
      id uuid PRIMARY KEY,
      incident_id uuid NOT NULL,
      subject text NOT NULL DEFAULT 'incident',
      kind text NOT NULL,
      state text NOT NULL CHECK (state IN ('pending', 'approved', 'rejected')),
      origin text NOT NULL CHECK (origin IN ('person', 'auto')),
      trigger text NULL,
      title text NOT NULL,
      status text NOT NULL,
      impact text NOT NULL,
      body text NOT NULL,
      components jsonb NOT NULL DEFAULT '[]',
      channels jsonb NOT NULL DEFAULT '[]',
      drafted_by jsonb NOT NULL,
      created_at timestamptz NOT NULL,
      decided_by jsonb NULL,
      decided_at timestamptz NULL,
      edited boolean NOT NULL DEFAULT false,
      original jsonb NULL,
      rejection_reason text NULL,
      published_at timestamptz NULL,
      published_event_id uuid NULL,
      source_event_id uuid NULL
    )`);
    await q.query(`CREATE INDEX communications_queue ON comms.communications (state, created_at)`);
    await q.query(`CREATE INDEX communications_by_incident ON comms.communications (incident_id, state, created_at)`);
    for (const statement of outboxTableSql('comms')) await q.query(statement);
    // Only hashes are stored: a leaked row gives neither the session cookie nor the API token.
    await q.query(`CREATE TABLE comms.approval_sessions (
      id_hash text PRIMARY KEY,
      token_hash text NOT NULL,
      csrf_token text NOT NULL,
      flash text NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS comms.approval_sessions`);
    await q.query(`DROP TABLE IF EXISTS comms.outbox`);
    await q.query(`DROP FUNCTION IF EXISTS comms.outbox_notify()`);
    await q.query(`DROP TABLE IF EXISTS comms.communications`);
    await q.query(`DROP TABLE IF EXISTS comms.known_components`);
    await q.query(`ALTER TABLE comms.known_incidents
      DROP COLUMN status, DROP COLUMN status_at, DROP COLUMN severity_at, DROP COLUMN comms_lead_id,
      DROP COLUMN comms_lead_at, DROP COLUMN component_ids, DROP COLUMN resolved_at`);
  }
}
