import { MigrationInterface, QueryRunner } from 'typeorm';

export class IncidentCommand1764160000200 implements MigrationInterface {
  name = 'IncidentCommand1764160000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE core.incidents
      ADD COLUMN trigger text NOT NULL DEFAULT 'manual',
      ADD COLUMN trigger_detail jsonb NULL,
      ADD COLUMN duplicate_of uuid NULL REFERENCES core.incidents(id),
      ADD COLUMN assessment jsonb NULL,
      ADD COLUMN fix_deployed_at timestamptz NULL,
      ADD COLUMN deploy_ref text NULL,
      ADD COLUMN verification_passed boolean NOT NULL DEFAULT false,
      ADD COLUMN stable_since timestamptz NULL,
      ADD COLUMN last_signal_healthy boolean NULL,
      ADD COLUMN resolved_at timestamptz NULL,
      ADD COLUMN recovery_watch_ends_at timestamptz NULL,
      ADD COLUMN closed_at timestamptz NULL,
      ADD COLUMN ticket_baseline_per_hour numeric NULL,
      ADD COLUMN media_attention_at timestamptz NULL`);
    await q.query(`CREATE TABLE core.incident_roles (
      incident_id uuid NOT NULL REFERENCES core.incidents(id),
      role text NOT NULL,
      person_id uuid NOT NULL REFERENCES core.people(id),
      assigned_at timestamptz NOT NULL,
      acting boolean NOT NULL DEFAULT false,
      PRIMARY KEY (incident_id, role)
    )`);
    await q.query(`CREATE TABLE core.incident_implementers (
      incident_id uuid NOT NULL REFERENCES core.incidents(id),
      person_id uuid NOT NULL REFERENCES core.people(id),
      added_at timestamptz NOT NULL,
      PRIMARY KEY (incident_id, person_id)
    )`);
    await q.query(`CREATE TABLE core.deadlines (
      id uuid PRIMARY KEY,
      incident_id uuid NOT NULL REFERENCES core.incidents(id),
      kind text NOT NULL,
      owner_role text NOT NULL,
      starts_at timestamptz NOT NULL,
      warn_at timestamptz NOT NULL,
      due_at timestamptz NOT NULL,
      breach_at timestamptz NULL,
      state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending','met','breached','cancelled')),
      warned_at timestamptz NULL,
      due_fired_at timestamptz NULL,
      breached_at timestamptz NULL,
      met_at timestamptz NULL,
      cancelled_at timestamptz NULL
    )`);
    // One live clock of a kind per incident: re-arming closes the old one first.
    await q.query(`CREATE UNIQUE INDEX deadlines_one_pending ON core.deadlines (incident_id, kind) WHERE state = 'pending'`);
    await q.query(`CREATE INDEX deadlines_pending_due ON core.deadlines (warn_at) WHERE state IN ('pending', 'met', 'breached')`);
    await q.query(`CREATE TABLE core.escalations (
      id uuid PRIMARY KEY,
      incident_id uuid NOT NULL REFERENCES core.incidents(id),
      path text NOT NULL,
      level integer NOT NULL,
      contact_role text NOT NULL,
      person_id uuid NULL,
      reason text NOT NULL,
      fired_at timestamptz NOT NULL,
      UNIQUE (incident_id, path, level)
    )`);
    await q.query(`CREATE TABLE core.compensations (
      id uuid PRIMARY KEY,
      incident_id uuid NOT NULL REFERENCES core.incidents(id),
      amount numeric NOT NULL,
      currency text NOT NULL,
      customers jsonb NOT NULL,
      reason text NOT NULL,
      authorised_by uuid NOT NULL,
      authorised_at timestamptz NOT NULL
    )`);
    await q.query(`ALTER TABLE core.timeline_entries ADD COLUMN seq bigserial, ADD COLUMN source text NOT NULL DEFAULT 'api', ADD COLUMN internal boolean NOT NULL DEFAULT true, ADD COLUMN detail jsonb NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['compensations', 'escalations', 'deadlines', 'incident_implementers', 'incident_roles']) await q.query(`DROP TABLE IF EXISTS core.${table}`);
  }
}
