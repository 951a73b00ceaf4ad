import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import type { AppMetrics } from '@sitrep/observability';
import { EventBus } from './event-bus';

export interface OutboxRelayOptions {
  dataSource: DataSource;
  schema: string;
  bus: EventBus;
  logger: Logger;
  metrics: AppMetrics;
  /** Set in distributed mode: LISTEN for inserts made by other processes. PGlite cannot deliver those. */
  listenUrl?: string;
  batchSize?: number;
  /** A claimed row is someone else's for this long; if its relay dies, another takes it after. */
  leaseMs?: number;
  /** Slow poll in case a notification was missed. */
  pollMs?: number;
}

interface ClaimedRow {
  id: string;
  subject: string;
  event: unknown;
}

/**
 * Publishes outbox rows to the bus. A row is claimed with FOR UPDATE SKIP LOCKED and a short lease in
 * one statement, published outside any transaction (on PGlite an open transaction would block the bus's
 * own writes), then marked published after the ack. A crash between the ack and the mark republishes
 * the row with the same message id, which the broker and the consumers' inboxes both drop.
 */
export class OutboxRelay {
  private running = false;
  private wakeUp: (() => void) | null = null;
  private woken = false;
  private loop: Promise<void> | null = null;
  private listener: Client | null = null;

  constructor(private readonly options: OutboxRelayOptions) {}

  async start(): Promise<void> {
    this.running = true;
    if (this.options.listenUrl) await this.listen(this.options.listenUrl);
    this.loop = this.run();
  }

  /**
   * LISTENs on its own connection. When that connection is lost (PostgreSQL restarted, a network cut), the
   * relay polls and connects again with a growing pause; without that it would poll for the rest of its life,
   * and every event would wait up to a poll interval.
   */
  private async listen(url: string): Promise<void> {
    const listener = new Client({ connectionString: url });
    // Until it is listening, a failure is the caller's to handle (start fails; a reconnect tries again).
    listener.on('error', () => undefined);
    listener.on('notification', () => this.wake());
    try {
      await listener.connect();
      await listener.query(`LISTEN ${this.options.schema}_outbox`);
    } catch (error) {
      await listener.end().catch(() => undefined);
      throw error;
    }
    if (!this.running) {
      // Stopped while this reconnect was under way.
      await listener.end().catch(() => undefined);
      return;
    }
    this.listener = listener;
    let lost = false;
    const onLost = (error?: Error) => {
      if (lost) return;
      lost = true;
      listener.end().catch(() => undefined);
      if (!this.running) return;
      this.options.logger.warn({ err: error }, 'outbox listener lost; polling until it is back');
      void this.relisten(url);
    };
    listener.on('error', onLost);
    listener.on('end', () => onLost());
  }

  private async relisten(url: string): Promise<void> {
    for (let attempt = 1; this.running; attempt++) {
      await new Promise((ok) => setTimeout(ok, Math.min(250 * 2 ** (attempt - 1), 10_000)).unref());
      if (!this.running) return;
      try {
        await this.listen(url);
        this.options.logger.info({ attempt }, 'outbox listener back');
        // Anything committed while nobody listened is picked up now rather than at the next poll.
        this.wake();
        return;
      } catch {
        // still down; the next attempt waits longer
      }
    }
  }

  /** Called after a local commit, and by LISTEN/NOTIFY for commits elsewhere. */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      this.woken = false;
      let published = 0;
      try {
        published = await this.drainOnce();
        failures = 0;
      } catch (error) {
        failures++;
        this.options.logger.warn({ err: error, failures }, 'outbox relay could not publish; will retry');
      }
      if (!this.running) break;
      if (published > 0 && failures === 0) continue;
      const backoff = failures > 0 ? Math.min(250 * 2 ** (failures - 1), 5_000) : this.options.pollMs ?? 2_000;
      await this.sleep(backoff, failures > 0);
    }
  }

  private sleep(ms: number, ignoreWake: boolean): Promise<void> {
    if (this.woken && !ignoreWake) return Promise.resolve();
    return new Promise((ok) => {
      const timer = setTimeout(() => {
        this.wakeUp = null;
        ok();
      }, ms);
      this.wakeUp = () => {
        if (ignoreWake && this.running) return;
        clearTimeout(timer);
        this.wakeUp = null;
        ok();
      };
    });
  }

  /** Claims, publishes and marks one batch; returns how many rows were published. */
  async drainOnce(): Promise<number> {
    const { dataSource, schema, bus, metrics } = this.options;
    const rows: ClaimedRow[] = await dataSource.query(
      `WITH claimed AS (
         UPDATE "${schema}".outbox SET claimed_until = now() + ($2 || ' milliseconds')::interval, attempts = attempts + 1
         WHERE id IN (
           SELECT id FROM "${schema}".outbox
           WHERE published_at IS NULL AND (claimed_until IS NULL OR claimed_until < now())
           ORDER BY position LIMIT $1 FOR UPDATE SKIP LOCKED)
         RETURNING id, subject, event, position)
       SELECT id, subject, event FROM claimed ORDER BY position`,
      [this.options.batchSize ?? 100, String(this.options.leaseMs ?? 30_000)],
    );
    if (rows.length === 0) return 0;
    // The batch is published as a pipeline on one connection: the broker receives (and stores) the
    // messages in claim order, and we wait for all acks at once instead of one round trip per row.
    const results = await Promise.allSettled(
      rows.map((row) => bus.publish(row.subject, Buffer.from(JSON.stringify(row.event)), { msgId: row.id })),
    );
    const done: string[] = [];
    let failure: unknown = null;
    results.forEach((result, i) => {
      if (result.status === 'fulfilled') {
        done.push(rows[i].id);
        metrics.eventsPublished.inc({ subject: rows[i].subject });
      } else failure ??= result.reason;
    });
    if (done.length > 0) {
      await dataSource.query(`UPDATE "${schema}".outbox SET published_at = now(), claimed_until = NULL, last_error = NULL WHERE id = ANY($1::uuid[])`, [done]);
    }
    const published = new Set(done);
    const rest = rows.filter((r) => !published.has(r.id)).map((r) => r.id);
    if (rest.length > 0) {
      // Give the rows back at once so the retry (or another relay) does not wait out the lease.
      await dataSource.query(`UPDATE "${schema}".outbox SET claimed_until = NULL, last_error = $2 WHERE id = ANY($1::uuid[])`, [
        rest,
        String((failure as Error)?.message ?? failure),
      ]);
    }
    if (failure) throw failure;
    return done.length;
  }

  async backlog(): Promise<number> {
    const rows: { count: string }[] = await this.options.dataSource.query(
      `SELECT count(*)::text AS count FROM "${this.options.schema}".outbox WHERE published_at IS NULL`,
    );
    return Number(rows[0].count);
  }

  /** Finishes the batch in hand, then stops. */
  async stop(): Promise<void> {
    this.running = false;
    this.wakeUp?.();
    await this.loop;
    const listener = this.listener;
    this.listener = null;
    if (listener) await listener.end().catch(() => undefined);
  }
}
