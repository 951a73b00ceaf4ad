import Bottleneck from 'bottleneck';
import type { SendPace } from './send-pace';

/**
 * Extra time on each second the pace is reckoned in: a send is counted when it takes its turn, but reaches
 * the vendor a little later, after a database round trip and a busy event loop, and not always equally
 * later. With N sends spread over 1.2 s, any second at the vendor still sees at most N although arrivals
 * wander by up to 0.2 s.
 */
export const SEND_SECOND_ALLOWANCE_MS = 200;

/**
 * Messages per second to one vendor. With a shared send pace (comms' database) the limit holds for all
 * comms processes together, and a vendor's Retry-After pauses all of them; without (tests of a single
 * adapter) Bottleneck spaces this process's starts.
 */
export class ProviderRateLimit {
  private readonly limiter: Bottleneck | null;
  /** One taker per process and provider asks the database at a time; the others queue behind it here. */
  private turn: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    readonly provider: string,
    readonly perSecond: number,
    private readonly pace: SendPace | null = null,
  ) {
    this.limiter = perSecond > 0 && !pace ? new Bottleneck({ minTime: 1000 / perSecond, maxConcurrent: null }) : null;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.pace && this.perSecond > 0) {
      await this.acquire();
      return work();
    }
    return this.limiter ? this.limiter.schedule(work) : work();
  }

  /** The vendor said to wait (a 429 with Retry-After): every comms process holds off, not just this one. */
  async pause(ms: number): Promise<void> {
    await this.pace?.pause(this.provider, ms);
  }

  private acquire(): Promise<void> {
    const mine = this.turn.then(() => this.takeTurn());
    this.turn = mine.catch(() => undefined);
    return mine;
  }

  private async takeTurn(): Promise<void> {
    const intervalMs = (1000 + SEND_SECOND_ALLOWANCE_MS) / this.perSecond;
    for (;;) {
      if (this.stopped) throw new Error(`${this.provider} rate limit stopped`);
      const wait = await this.pace!.take(this.provider, intervalMs);
      if (wait === 0) return;
      await new Promise((ok) => setTimeout(ok, Math.min(wait, 1_000)));
    }
  }

  /**
   * How many rows a worker may claim for this vendor at once: no more than can go out in a quarter of the
   * lease, so that no claimed row waits in memory until its lease runs out, and no more than two seconds'
   * worth, so that replicas sharing the vendor's limit also share the rows instead of one holding them all.
   */
  claimSize(max: number, leaseMs: number): number {
    if (this.perSecond <= 0) return max;
    return Math.max(1, Math.min(max, Math.floor((this.perSecond * leaseMs) / 4000), Math.ceil(this.perSecond * 2)));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.limiter?.stop({ dropWaitingJobs: true }).catch(() => undefined);
  }
}
