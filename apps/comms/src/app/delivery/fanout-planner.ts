import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { S } from './delivery-ledger';

const FIRST_ID = '00000000-0000-0000-0000-000000000000';

export interface ExpandedPage {
  communicationId: string;
  scanned: number;
  inserted: number;
  done: boolean;
}

/**
 * Turns each published communication into delivery rows, one page of subscribers at a time: confirmed
 * subscribers of the affected components (or of the whole page), on the communication's channels, walked
 * in id order from a cursor stored with the fan-out (keyset pagination: no OFFSET, no list in memory).
 *
 * Each page is one short transaction: lock the fan-out row (SKIP LOCKED, so several processes expand
 * different communications, or take turns on one), insert the page's rows with ON CONFLICT DO NOTHING
 * against the unique (communication, subscriber, channel) key, and move the cursor. A crash loses at
 * most an uncommitted page, which the next pass does again.
 */
export class FanoutPlanner {
  constructor(
    private readonly dataSource: DataSource,
    private readonly logger: Logger,
    private readonly pageSize: number,
  ) {}

  /** Expands one page of the oldest unfinished fan-out; null when there is nothing to expand. */
  async expandOnePage(): Promise<ExpandedPage | null> {
    return this.dataSource.transaction(async (manager) => {
      const fanouts: { communication_id: string; channels: string[]; component_ids: string[]; cursor_id: string | null }[] = await manager.query(
        `SELECT communication_id, channels, component_ids, cursor_id FROM ${S}.fanouts
         WHERE expanded_at IS NULL ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
      );
      if (fanouts.length === 0) return null;
      const f = fanouts[0];
      const [page]: { scanned: number; inserted: number; last_id: string | null }[] = await manager.query(
        `WITH page AS (
           SELECT s.id, s.channel FROM ${S}.subscribers s
           WHERE s.state = 'confirmed' AND s.id > $2::uuid AND s.channel = ANY($3::text[])
             AND (cardinality($4::uuid[]) = 0 OR s.all_components
                  OR EXISTS (SELECT 1 FROM ${S}.subscriber_components sc WHERE sc.subscriber_id = s.id AND sc.component_id = ANY($4::uuid[])))
           ORDER BY s.id
           LIMIT $5
         ), inserted AS (
           INSERT INTO ${S}.deliveries (communication_id, subscriber_id, channel, purpose)
           SELECT $1, id, channel, 'notification' FROM page
           ON CONFLICT ON CONSTRAINT deliveries_once DO NOTHING
           RETURNING 1
         )
         SELECT (SELECT count(*) FROM page)::int AS scanned, (SELECT count(*) FROM inserted)::int AS inserted,
                (SELECT id FROM page ORDER BY id DESC LIMIT 1) AS last_id`,
        [f.communication_id, f.cursor_id ?? FIRST_ID, f.channels, f.component_ids, this.pageSize],
      );
      const done = page.scanned < this.pageSize;
      await manager.query(
        `UPDATE ${S}.fanouts SET cursor_id = coalesce($2, cursor_id), planned = planned + $3, expanded_at = CASE WHEN $4 THEN now() ELSE NULL END
         WHERE communication_id = $1`,
        [f.communication_id, page.last_id, page.inserted, done],
      );
      if (done) this.logger.info({ communicationId: f.communication_id }, 'fan-out planned');
      return { communicationId: f.communication_id, scanned: page.scanned, inserted: page.inserted, done };
    });
  }
}
