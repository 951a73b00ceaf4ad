import type { EntityManager } from 'typeorm';
import { SitrepEvent, eventSubject } from '@sitrep/contracts';

/** The outbox table and the trigger that wakes relays listening in other processes. */
export function outboxTableSql(schema: string): string[] {
  return [
    `CREATE TABLE "${schema}".outbox (
      id uuid PRIMARY KEY,
      position bigserial NOT NULL,
      subject text NOT NULL,
      event jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      claimed_until timestamptz NULL,
      attempts integer NOT NULL DEFAULT 0,
      last_error text NULL,
      published_at timestamptz NULL
    )`,
    `CREATE INDEX outbox_unpublished ON "${schema}".outbox (position) WHERE published_at IS NULL`,
    `CREATE FUNCTION "${schema}".outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN PERFORM pg_notify('${schema}_outbox', ''); RETURN NULL; END $$`,
    `CREATE TRIGGER outbox_notify AFTER INSERT ON "${schema}".outbox FOR EACH STATEMENT EXECUTE FUNCTION "${schema}".outbox_notify()`,
  ];
}

/**
 * Records an event in the caller's transaction: it is published if and only if the state change that
 * caused it commits.
 */
export async function appendToOutbox(manager: EntityManager, schema: string, event: SitrepEvent): Promise<void> {
  await manager.query(`INSERT INTO "${schema}".outbox (id, subject, event) VALUES ($1, $2, $3)`, [
    event.id,
    eventSubject(event.type),
    JSON.stringify(event),
  ]);
}
