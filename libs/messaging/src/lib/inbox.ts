import type { DataSource, EntityManager } from 'typeorm';

/** The table where a consuming service remembers the events it has handled. */
export function inboxTableSql(schema: string): string {
  return `CREATE TABLE "${schema}".inbox (
    consumer text NOT NULL,
    event_id uuid NOT NULL,
    handled_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
  )`;
}

/**
 * Runs a handler's effects and records the event as handled in one transaction. A redelivered event
 * finds its row and does nothing; returns false then.
 */
export async function handleOnce(
  dataSource: DataSource,
  schema: string,
  consumer: string,
  eventId: string,
  effect: (manager: EntityManager) => Promise<void>,
): Promise<boolean> {
  return dataSource.transaction(async (manager) => {
    const inserted: unknown[] = await manager.query(
      `INSERT INTO "${schema}".inbox (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id`,
      [consumer, eventId],
    );
    if (inserted.length === 0) return false;
    await effect(manager);
    return true;
  });
}
