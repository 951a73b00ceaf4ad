import type { DataSource } from 'typeorm';

/** Where the vendors' send pace is kept, shared by every comms process (see PostgresSendPace). */
export interface SendPace {
  /**
   * Starts a send to `provider` if its turn has come, the next turn `intervalMs` later: resolves 0 when
   * this caller may send now, otherwise how many milliseconds to wait before asking again.
   */
  take(provider: string, intervalMs: number): Promise<number>;
  /** The provider asked for a pause (429 with Retry-After): no process sends to it before the pause ends. */
  pause(provider: string, ms: number): Promise<void>;
}

/**
 * The send pace in comms' PostgreSQL, so a vendor's limit holds for all comms replicas together: one row
 * per provider says when the next send may start, and taking a turn moves it on by the interval in the
 * same UPDATE, so two processes never take the same turn. Sends are spaced evenly rather than let out in
 * bursts: a burst reaches the vendor spread by the network and the event loop, and its tail would count in
 * the vendor's next second. Times are the database's, so the processes' clocks do not matter.
 */
export class PostgresSendPace implements SendPace {
  private readonly prepared = new Map<string, Promise<void>>();

  constructor(private readonly dataSource: DataSource) {}

  private prepare(provider: string): Promise<void> {
    let ready = this.prepared.get(provider);
    if (!ready) {
      ready = this.dataSource.query(`INSERT INTO comms.provider_send_pace (provider) VALUES ($1) ON CONFLICT DO NOTHING`, [provider]).then(() => undefined);
      ready.catch(() => this.prepared.delete(provider));
      this.prepared.set(provider, ready);
    }
    return ready;
  }

  async take(provider: string, intervalMs: number): Promise<number> {
    await this.prepare(provider);
    const [row] = (await this.dataSource.query(
      `WITH taken AS (
         UPDATE comms.provider_send_pace
            SET next_at = GREATEST(next_at, clock_timestamp()) + make_interval(secs => $2::float8 / 1000)
          WHERE provider = $1 AND next_at <= clock_timestamp() AND paused_until <= clock_timestamp()
         RETURNING provider
       )
       SELECT (SELECT count(*) FROM taken)::int AS taken,
              (SELECT extract(epoch FROM GREATEST(next_at, paused_until) - clock_timestamp()) * 1000
                 FROM comms.provider_send_pace WHERE provider = $1)::float8 AS wait_ms`,
      [provider, intervalMs],
    )) as { taken: number; wait_ms: number | null }[];
    if (row.taken > 0) return 0;
    // Never 0 when nothing was taken: the turn that just came may go to another process first.
    return Math.max(1, Math.ceil(Number(row.wait_ms ?? 1)));
  }

  async pause(provider: string, ms: number): Promise<void> {
    await this.prepare(provider);
    await this.dataSource.query(
      `UPDATE comms.provider_send_pace SET paused_until = GREATEST(paused_until, clock_timestamp() + make_interval(secs => $2::float8 / 1000)) WHERE provider = $1`,
      [provider, ms],
    );
  }
}
