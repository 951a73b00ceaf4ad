import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Monitoring integrations and the alerts they send. An integration's bearer token is kept only as its
 * SHA-256 (like api_tokens); an HMAC secret has to be kept as is, since verifying needs it.
 */
export class Alerts1764160000700 implements MigrationInterface {
  name = 'Alerts1764160000700';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE core.integrations (
      id uuid PRIMARY KEY,
      name text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('alertmanager', 'grafana', 'generic')),
      token_hash text NULL UNIQUE,
      hmac_secret text NULL,
      component_matchers jsonb NOT NULL DEFAULT '[]',
      created_by jsonb NOT NULL,
      created_at timestamptz NOT NULL,
      revoked_at timestamptz NULL,
      CHECK ((kind = 'generic') = (hmac_secret IS NOT NULL)),
      CHECK ((kind = 'generic') = (token_hash IS NULL))
    )`);
    await q.query(`CREATE UNIQUE INDEX integrations_live_name ON core.integrations (lower(name)) WHERE revoked_at IS NULL`);

    // One open detection at a time: a storm's payloads, however concurrent, attach to it instead of declaring again.
    await q.query(`CREATE TABLE core.alert_detections (
      id uuid PRIMARY KEY,
      rule text NOT NULL,
      state text NOT NULL CHECK (state IN ('declaring', 'declared', 'failed')),
      declaration jsonb NOT NULL,
      incident_id uuid NULL REFERENCES core.incidents(id),
      opened_at timestamptz NOT NULL,
      closed_at timestamptz NULL,
      error text NULL
    )`);
    await q.query(`CREATE UNIQUE INDEX alert_detections_one_open ON core.alert_detections ((true)) WHERE closed_at IS NULL`);

    await q.query(`CREATE TABLE core.alerts (
      id uuid PRIMARY KEY,
      integration_id uuid NOT NULL REFERENCES core.integrations(id),
      fingerprint text NOT NULL,
      status text NOT NULL CHECK (status IN ('firing', 'resolved')),
      name text NOT NULL,
      severity text NULL,
      labels jsonb NOT NULL,
      annotations jsonb NOT NULL,
      component_ids uuid[] NOT NULL DEFAULT '{}',
      starts_at timestamptz NULL,
      ends_at timestamptz NULL,
      generator_url text NULL,
      incident_id uuid NULL REFERENCES core.incidents(id),
      detection_id uuid NULL REFERENCES core.alert_detections(id),
      first_received_at timestamptz NOT NULL,
      last_received_at timestamptz NOT NULL,
      last_changed_at timestamptz NOT NULL,
      UNIQUE (integration_id, fingerprint)
    )`);
    await q.query(`CREATE INDEX alerts_pending ON core.alerts (last_changed_at) WHERE status = 'firing' AND incident_id IS NULL`);
    await q.query(`CREATE INDEX alerts_by_incident ON core.alerts (incident_id) WHERE incident_id IS NOT NULL`);
    await q.query(`CREATE INDEX alerts_by_detection ON core.alerts (detection_id) WHERE detection_id IS NOT NULL`);

    await q.query(`CREATE TABLE core.alert_transitions (
      seq bigserial PRIMARY KEY,
      alert_id uuid NOT NULL REFERENCES core.alerts(id),
      status text NOT NULL CHECK (status IN ('firing', 'resolved')),
      at timestamptz NOT NULL,
      starts_at timestamptz NULL,
      ends_at timestamptz NULL
    )`);
    await q.query(`CREATE INDEX alert_transitions_by_alert ON core.alert_transitions (alert_id, seq)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS core.alert_transitions`);
    await q.query(`DROP TABLE IF EXISTS core.alerts`);
    await q.query(`DROP TABLE IF EXISTS core.alert_detections`);
    await q.query(`DROP TABLE IF EXISTS core.integrations`);
  }
}
