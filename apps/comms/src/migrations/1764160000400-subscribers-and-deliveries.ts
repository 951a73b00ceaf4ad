import { MigrationInterface, QueryRunner } from 'typeorm';
import { outboxTableSql } from '@sitrep/messaging';

/**
 * Subscribers and their confirmations, the delivery ledger (one row per communication, subscriber and
 * channel, under a unique key), the fan-out of each published communication, comms' copy of people (for
 * paging and Slack), war rooms, the public endpoints' rate-limit counters, and comms' own settings.
 */
export class SubscribersAndDeliveries1764160000400 implements MigrationInterface {
  name = 'SubscribersAndDeliveries1764160000400';

  async up(q: QueryRunner): Promise<void> {
    // The delivery summary leaves through comms' outbox, which the approval queue's migration creates.
    // A database where that migration is absent still gets one, so this migration never depends on it.
    const [{ outbox }] = (await q.query(`SELECT to_regclass('comms.outbox') IS NOT NULL AS outbox`)) as { outbox: boolean }[];
    if (!outbox) for (const statement of outboxTableSql('comms')) await q.query(statement);

    await q.query(`CREATE TABLE comms.settings (
      key text PRIMARY KEY,
      value text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);

    await q.query(`CREATE TABLE comms.subscribers (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      channel text NOT NULL CHECK (channel IN ('email', 'sms')),
      destination text NOT NULL,
      country text NULL,
      state text NOT NULL CHECK (state IN ('pending', 'confirmed', 'unsubscribed')),
      all_components boolean NOT NULL DEFAULT true,
      requested_all_components boolean NOT NULL DEFAULT true,
      requested_component_ids uuid[] NOT NULL DEFAULT '{}',
      request_version integer NOT NULL DEFAULT 1,
      code_hash text NULL,
      code_expires_at timestamptz NULL,
      code_attempts integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now(),
      requested_at timestamptz NOT NULL DEFAULT now(),
      confirmed_at timestamptz NULL,
      unsubscribed_at timestamptz NULL,
      unsubscribe_reason text NULL,
      UNIQUE (channel, destination)
    )`);
    // The fan-out walks confirmed subscribers in id order (keyset pagination): this index is that walk.
    await q.query(`CREATE INDEX subscribers_confirmed ON comms.subscribers (id) WHERE state = 'confirmed'`);
    await q.query(`CREATE INDEX subscribers_search ON comms.subscribers (destination text_pattern_ops)`);
    await q.query(`CREATE TABLE comms.subscriber_components (
      subscriber_id uuid NOT NULL REFERENCES comms.subscribers (id) ON DELETE CASCADE,
      component_id uuid NOT NULL,
      PRIMARY KEY (subscriber_id, component_id)
    )`);
    await q.query(`CREATE INDEX subscriber_components_by_component ON comms.subscriber_components (component_id, subscriber_id)`);

    await q.query(`CREATE TABLE comms.fanouts (
      communication_id uuid PRIMARY KEY,
      incident_id uuid NULL,
      event_id uuid NOT NULL,
      message jsonb NOT NULL,
      channels text[] NOT NULL,
      component_ids uuid[] NOT NULL,
      cursor_id uuid NULL,
      planned integer NOT NULL DEFAULT 0,
      expanded_at timestamptz NULL,
      progress_reported_at timestamptz NULL,
      completed_at timestamptz NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX fanouts_expanding ON comms.fanouts (created_at) WHERE expanded_at IS NULL`);
    await q.query(`CREATE INDEX fanouts_open ON comms.fanouts (created_at) WHERE completed_at IS NULL`);

    await q.query(`CREATE TABLE comms.deliveries (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      communication_id uuid NULL REFERENCES comms.fanouts (communication_id),
      subscriber_id uuid NULL REFERENCES comms.subscribers (id) ON DELETE SET NULL,
      channel text NOT NULL CHECK (channel IN ('email', 'sms', 'slack')),
      purpose text NOT NULL CHECK (purpose IN ('notification', 'confirmation', 'internal')),
      destination text NULL,
      payload jsonb NULL,
      dedupe_key text NULL UNIQUE,
      state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'cancelled')),
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      lease_until timestamptz NULL,
      claimed_by text NULL,
      provider text NULL,
      provider_message_id text NULL,
      provider_status text NULL,
      last_error text NULL,
      sent_at timestamptz NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT deliveries_once UNIQUE (communication_id, subscriber_id, channel)
    )`);
    await q.query(`CREATE INDEX deliveries_due ON comms.deliveries (channel, next_attempt_at) WHERE state = 'pending'`);
    await q.query(`CREATE INDEX deliveries_leased ON comms.deliveries (lease_until) WHERE state = 'sending'`);
    // Small (only unfinished rows): "is this communication done?" without walking its sent rows.
    await q.query(`CREATE INDEX deliveries_open ON comms.deliveries (communication_id) WHERE state IN ('pending', 'sending')`);
    await q.query(`CREATE INDEX deliveries_by_subscriber ON comms.deliveries (subscriber_id)`);
    await q.query(`CREATE INDEX deliveries_by_provider_id ON comms.deliveries (provider_message_id) WHERE provider_message_id IS NOT NULL`);

    await q.query(`CREATE TABLE comms.people (
      id uuid PRIMARY KEY,
      name text NOT NULL,
      email text NOT NULL,
      phone text NULL,
      slack_user_id text NULL,
      slack_lookup_at timestamptz NULL,
      updated_at timestamptz NOT NULL
    )`);
    await q.query(`CREATE TABLE comms.war_rooms (
      incident_id uuid PRIMARY KEY,
      reference text NOT NULL,
      title text NOT NULL,
      severity text NOT NULL,
      declared_at timestamptz NOT NULL,
      base_name text NOT NULL,
      channel_name text NULL,
      channel_id text NULL,
      rules_ts text NULL,
      rules_pinned boolean NOT NULL DEFAULT false,
      card_ts text NULL,
      card_pinned boolean NOT NULL DEFAULT false,
      state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'ready', 'failed')),
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      lease_until timestamptz NULL,
      last_error text NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX war_rooms_pending ON comms.war_rooms (next_attempt_at) WHERE state = 'pending'`);
    await q.query(`CREATE TABLE comms.war_room_roles (
      incident_id uuid NOT NULL,
      role text NOT NULL,
      person_id uuid NOT NULL,
      assigned_at timestamptz NOT NULL,
      PRIMARY KEY (incident_id, role)
    )`);

    // Fixed-window counters for the public endpoints, shared by every comms process.
    await q.query(`CREATE TABLE comms.rate_limit_windows (
      key text NOT NULL,
      window_start timestamptz NOT NULL,
      hits integer NOT NULL,
      PRIMARY KEY (key, window_start)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['rate_limit_windows', 'war_room_roles', 'war_rooms', 'people', 'deliveries', 'fanouts', 'subscriber_components', 'subscribers', 'settings']) {
      await q.query(`DROP TABLE IF EXISTS comms.${table}`);
    }
  }
}
