import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Clock } from '@sitrep/clock';

export interface LimitCheck {
  allowed: boolean;
  /** Seconds until the window resets (for Retry-After). */
  retryAfterSeconds: number;
  /** What the limit is about, for the 429's message. */
  what: string;
}

/**
 * Fixed-window counters in comms' database, so the limits hold across every comms process. Keys that name
 * a person's address or number are hashed: the table never holds personal data, and erasing a subscriber
 * leaves nothing behind here.
 */
export class PublicRateLimits {
  private hits = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  static hashed(prefix: string, value: string): string {
    return `${prefix}:${createHash('sha256').update(value).digest('base64url').slice(0, 22)}`;
  }

  /** Counts one hit on `key` and says whether it is within `limit` per `windowMs`. */
  async consume(key: string, limit: number, windowMs: number, what: string): Promise<LimitCheck> {
    const now = this.clock.now().getTime();
    const windowStart = new Date(Math.floor(now / windowMs) * windowMs);
    const rows: { hits: number }[] = await this.dataSource.query(
      `INSERT INTO comms.rate_limit_windows (key, window_start, hits) VALUES ($1, $2, 1)
       ON CONFLICT (key, window_start) DO UPDATE SET hits = comms.rate_limit_windows.hits + 1 RETURNING hits`,
      [key, windowStart.toISOString()],
    );
    if (++this.hits % 500 === 0) {
      await this.dataSource.query(`DELETE FROM comms.rate_limit_windows WHERE window_start < $1`, [new Date(now - 2 * 24 * 3600 * 1000).toISOString()]).catch(() => undefined);
    }
    const retryAfterSeconds = Math.ceil((windowStart.getTime() + windowMs - now) / 1000);
    return { allowed: rows[0].hits <= limit, retryAfterSeconds, what };
  }
}
