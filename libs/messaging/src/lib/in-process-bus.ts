import { EventEmitter } from 'node:events';
import { Pool } from 'pg';
import type { Logger } from 'pino';
import { DEAD_LETTER_SUBJECT_ROOT } from '@sitrep/contracts';
import { BusMessage, EventBus, PublishOptions, RequestFailedError, Responder, StoredDeadLetter, StreamPosition, Subscription, SubscriptionSpec } from './event-bus';
import { subjectMatches } from './subject-match';

export interface InProcessBusOptions {
  databaseUrl: string;
  logger: Logger;
  /** Fallback poll when nothing woke a consumer. */
  pollMs?: number;
}

/** Set while a consumer sleeps: ends the sleep at once. */
interface Interrupt {
  wake?: () => void;
}

interface Row {
  seq: string;
  subject: string;
  payload: Buffer;
  headers: Record<string, string>;
}

/**
 * The embedded mode's broker: the same contract as JetStream, kept in a table of the embedded database
 * so that a published event survives a restart, and consumers' cursors too.
 *
 * Publishes go through one promise chain, so sequence numbers are committed in order and a cursor
 * ("seq greater than the last one handled") never skips a message that committed late. That only holds
 * because this bus is the table's single writer, which is true in the one process embedded mode runs.
 */
export class InProcessBus implements EventBus {
  readonly kind = 'in-process' as const;
  private readonly pool: Pool;
  private readonly wake = new EventEmitter();
  private writes: Promise<unknown> = Promise.resolve();
  private closed = false;
  private readonly loops = new Set<Promise<void>>();
  /** Request/reply in one process is a direct call: several servers of a subject take turns. */
  private readonly servers = new Map<string, ((data: Uint8Array) => Promise<Uint8Array>)[]>();
  private turn = 0;

  constructor(private readonly options: InProcessBusOptions) {
    this.pool = new Pool({ connectionString: options.databaseUrl, max: 4 });
    this.wake.setMaxListeners(100);
  }

  async start(): Promise<void> {
    await this.pool.query(`CREATE SCHEMA IF NOT EXISTS bus`);
    await this.pool.query(`CREATE TABLE IF NOT EXISTS bus.messages (
      seq bigserial PRIMARY KEY,
      msg_id text NOT NULL UNIQUE,
      subject text NOT NULL,
      payload bytea NOT NULL,
      headers jsonb NOT NULL DEFAULT '{}',
      published_at timestamptz NOT NULL DEFAULT now()
    )`);
    await this.pool.query(`CREATE TABLE IF NOT EXISTS bus.cursors (name text PRIMARY KEY, last_seq bigint NOT NULL)`);
  }

  async publish(subject: string, data: Uint8Array, options: PublishOptions): Promise<void> {
    const write = this.writes.then(() =>
      this.pool.query(
        `INSERT INTO bus.messages (msg_id, subject, payload, headers) VALUES ($1, $2, $3, $4) ON CONFLICT (msg_id) DO NOTHING`,
        [options.msgId, subject, Buffer.from(data), JSON.stringify(options.headers ?? {})],
      ),
    );
    this.writes = write.catch(() => undefined);
    await write;
    this.wake.emit('published');
  }

  async subscribe(spec: SubscriptionSpec): Promise<Subscription> {
    let cursor = spec.kind === 'replay' ? (spec.startAfterSequence ?? 0) : 0;
    if (spec.kind === 'durable') {
      const { rows } = await this.pool.query<{ last_seq: string }>(
        `INSERT INTO bus.cursors (name, last_seq) VALUES ($1, 0) ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING last_seq`,
        [spec.name],
      );
      cursor = Number(rows[0].last_seq);
    }
    const highWater = Number((await this.pool.query<{ max: string | null }>(`SELECT max(seq) AS max FROM bus.messages`)).rows[0].max ?? 0);
    let markCaughtUp: () => void = () => undefined;
    const caughtUp = new Promise<void>((ok) => (markCaughtUp = ok));
    let stopping = false;
    let pending = 0;
    const attempts = new Map<number, number>();

    const persisted = { seq: cursor };
    const advance = async (seq: number, persist: boolean) => {
      cursor = seq;
      attempts.delete(seq);
      if (persist && spec.kind === 'durable' && persisted.seq !== seq) {
        await this.pool.query(`UPDATE bus.cursors SET last_seq = $2 WHERE name = $1`, [spec.name, seq]);
        persisted.seq = seq;
      }
    };

    const pass = async (): Promise<number> => {
      let retryIn = 0;
      const { rows } = await this.pool.query<Row>(
        `SELECT seq, subject, payload, headers FROM bus.messages WHERE seq > $1 ORDER BY seq LIMIT 256`,
        [cursor],
      );
      const matching = rows.filter((r) => subjectMatches(spec.filter, r.subject));
      pending = matching.length;
      for (const row of rows) {
        if (stopping) break;
        const seq = Number(row.seq);
        if (!subjectMatches(spec.filter, row.subject)) {
          await advance(seq, false);
          continue;
        }
        const deliveryCount = (attempts.get(seq) ?? 0) + 1;
        attempts.set(seq, deliveryCount);
        const message: BusMessage = { subject: row.subject, data: row.payload, headers: row.headers, deliveryCount, sequence: seq };
        const outcome = await spec.handle(message).catch((error: unknown) => {
          this.options.logger.error({ err: error, consumer: spec.name }, 'handler threw past the consumer runner');
          return { retryInMs: 1_000 };
        });
        if ('ack' in outcome) {
          await advance(seq, true);
          pending--;
        } else {
          retryIn = outcome.retryInMs;
          break;
        }
      }
      await advance(cursor, true);
      if (cursor >= highWater) markCaughtUp();
      if (rows.length === 256 && retryIn === 0) return 0;
      return retryIn || -1;
    };

    // Ends the loop's current sleep (poll, retry backoff or back-off after a failure) when it is drained.
    const interrupt: Interrupt = {};
    const loop = (async () => {
      let failures = 0;
      while (!stopping && !this.closed) {
        try {
          const retryIn = await pass();
          failures = 0;
          if (retryIn === 0) continue;
          // A drain that came while the pass ran found nothing asleep to wake: do not sleep through it.
          if (stopping || this.closed) break;
          await this.sleepUntilWoken(retryIn > 0 ? retryIn : this.options.pollMs ?? 1_000, retryIn > 0, interrupt);
        } catch (error) {
          // A database hiccup must not end the consumer: log it, back off, and read again from the cursor.
          failures++;
          if (this.closed || stopping) break;
          this.options.logger.warn({ err: error, consumer: spec.name, failures }, 'in-process consumer pass failed; retrying');
          await this.sleepUntilWoken(Math.min(100 * 2 ** failures, 5_000), true, interrupt);
        }
      }
    })().catch((error) => this.options.logger.error({ err: error, consumer: spec.name }, 'consumer loop stopped'));
    this.loops.add(loop);

    return {
      caughtUp,
      lag: async () => pending,
      // Wakes this consumer alone: the one in hand is finished, the rest stays for the next start.
      drain: async () => {
        stopping = true;
        interrupt.wake?.();
        await loop;
        this.loops.delete(loop);
      },
    };
  }

  private sleepUntilWoken(ms: number, ignoreWakes: boolean, interrupt: Interrupt): Promise<void> {
    return new Promise((ok) => {
      const done = () => {
        clearTimeout(timer);
        this.wake.off('published', onWake);
        interrupt.wake = undefined;
        ok();
      };
      const onWake = () => {
        if (!ignoreWakes || this.closed) done();
      };
      const timer = setTimeout(done, ms);
      this.wake.on('published', onWake);
      interrupt.wake = done;
    });
  }

  async streamPosition(): Promise<StreamPosition> {
    // The table's identity: a dropped and recreated bus schema numbers its messages from 1 again.
    const { rows } = await this.pool.query<{ oid: string; max: string | null }>(`SELECT 'bus.messages'::regclass::oid AS oid, (SELECT max(seq) FROM bus.messages) AS max`);
    return { streamId: `bus.messages@${rows[0].oid}`, lastSequence: Number(rows[0].max ?? 0) };
  }

  async request(subject: string, data: Uint8Array, timeoutMs: number): Promise<Uint8Array> {
    const handlers = this.servers.get(subject) ?? [];
    if (handlers.length === 0 || this.closed) throw new RequestFailedError(subject, 'no_responders');
    const handler = handlers[this.turn++ % handlers.length];
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, fail) => {
      timer = setTimeout(() => fail(new RequestFailedError(subject, 'timeout')), timeoutMs);
    });
    // A copy, as over the wire: neither side can change the other's bytes.
    // A handler that throws gives no reply, as on NATS: the caller times out.
    const answer = handler(Uint8Array.from(data)).then(
      (reply) => Uint8Array.from(reply),
      (error: unknown) => {
        this.options.logger.error({ err: error, subject }, 'request handler threw');
        return new Promise<never>(() => undefined);
      },
    );
    try {
      return await Promise.race([answer, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  async serve(subject: string, handler: (data: Uint8Array) => Promise<Uint8Array>): Promise<Responder> {
    const handlers = this.servers.get(subject) ?? [];
    handlers.push(handler);
    this.servers.set(subject, handlers);
    return {
      stop: async () => {
        const left = (this.servers.get(subject) ?? []).filter((h) => h !== handler);
        if (left.length) this.servers.set(subject, left);
        else this.servers.delete(subject);
      },
    };
  }

  async readDeadLetters(limit: number): Promise<StoredDeadLetter[]> {
    const { rows } = await this.pool.query<Row>(
      `SELECT seq, subject, payload, headers FROM bus.messages WHERE subject LIKE $1 ORDER BY seq DESC LIMIT $2`,
      [`${DEAD_LETTER_SUBJECT_ROOT}.%`, limit],
    );
    return rows.map((r) => ({ sequence: Number(r.seq), subject: r.subject, data: r.payload, headers: r.headers }));
  }

  async deleteDeadLetter(sequence: number): Promise<boolean> {
    const result = await this.pool.query(`DELETE FROM bus.messages WHERE seq = $1 AND subject LIKE $2`, [sequence, `${DEAD_LETTER_SUBJECT_ROOT}.%`]);
    return (result.rowCount ?? 0) > 0;
  }

  async healthy(): Promise<boolean> {
    await this.pool.query('SELECT 1');
    return !this.closed;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.servers.clear();
    this.wake.emit('published');
    await Promise.all([...this.loops]);
    await this.pool.end();
  }
}
