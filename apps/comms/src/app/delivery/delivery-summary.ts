import type { DataSource } from 'typeorm';
import { Channel, SYSTEM_ACTOR, createEvent } from '@sitrep/contracts';
import { TransactionalOutbox } from '@sitrep/messaging';
import { S, countsByChannel } from './delivery-ledger';

/**
 * Publishes `communication.delivery_summary` through comms' outbox: once when a communication's fan-out
 * is planned (how many are on their way) and once when every row has ended (sent, failed or cancelled).
 * Each is recorded in the same transaction as the flag that says it was, under a lock on the fan-out row,
 * so it is published exactly once however many processes look.
 */
export class DeliverySummaryReporter {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: TransactionalOutbox,
  ) {}

  /** Reports what is due; returns how many summaries were recorded. */
  async reportDue(): Promise<number> {
    const candidates: { communication_id: string }[] = await this.dataSource.query(
      `SELECT communication_id FROM ${S}.fanouts WHERE completed_at IS NULL AND expanded_at IS NOT NULL ORDER BY created_at LIMIT 20`,
    );
    let recorded = 0;
    for (const { communication_id: id } of candidates) recorded += await this.reportOne(id);
    return recorded;
  }

  private async reportOne(communicationId: string): Promise<number> {
    const [{ open, reported }]: { open: boolean; reported: boolean }[] = await this.dataSource.query(
      `SELECT EXISTS (SELECT 1 FROM ${S}.deliveries WHERE communication_id = $1 AND state IN ('pending', 'sending')) AS open,
              (SELECT progress_reported_at IS NOT NULL FROM ${S}.fanouts WHERE communication_id = $1) AS reported`,
      [communicationId],
    );
    if (open && reported) return 0;
    return this.outbox.run(async (manager, record) => {
      const rows: { channels: Channel[]; incident_id: string | null; progress_reported_at: Date | null }[] = await manager.query(
        `SELECT channels, incident_id, progress_reported_at FROM ${S}.fanouts WHERE communication_id = $1 AND completed_at IS NULL FOR UPDATE SKIP LOCKED`,
        [communicationId],
      );
      if (rows.length === 0) return 0;
      const fanout = rows[0];
      const counts = countsByChannel(
        await manager.query(`SELECT channel, state, count(*)::int AS n FROM ${S}.deliveries WHERE communication_id = $1 GROUP BY channel, state`, [communicationId]),
      );
      const channels: Partial<Record<Channel, { sent: number; pending: number; failed: number }>> = {};
      let unfinished = 0;
      for (const channel of fanout.channels) {
        const c = counts[channel] ?? { sent: 0, pending: 0, failed: 0, cancelled: 0 };
        // Cancelled rows (unsubscribed or erased before their turn) count as not delivered.
        channels[channel] = { sent: c.sent, pending: c.pending, failed: c.failed + c.cancelled };
        unfinished += c.pending;
      }
      const complete = unfinished === 0;
      if (fanout.progress_reported_at !== null && !complete) return 0;
      const data = { communicationId, channels: channels as Record<Channel, { sent: number; pending: number; failed: number }>, complete };
      await record(createEvent('communication.delivery_summary', data, { actor: SYSTEM_ACTOR, incidentId: fanout.incident_id }));
      await manager.query(
        `UPDATE ${S}.fanouts SET progress_reported_at = coalesce(progress_reported_at, now()), completed_at = CASE WHEN $2 THEN now() ELSE NULL END WHERE communication_id = $1`,
        [communicationId, complete],
      );
      return 1;
    });
  }
}
