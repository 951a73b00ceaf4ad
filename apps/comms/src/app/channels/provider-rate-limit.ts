import Bottleneck from 'bottleneck';

/**
 * Messages per second to one vendor, from this process. Bottleneck spaces the starts (minTime) without
 * capping how many are in flight. The limit is per process: with N comms processes sharing the work, set
 * each to 1/N of the vendor's limit (Bottleneck's clustering needs Redis, which Sitrep does not run).
 */
export class ProviderRateLimit {
  private readonly limiter: Bottleneck | null;

  constructor(
    readonly provider: string,
    readonly perSecond: number,
  ) {
    this.limiter = perSecond > 0 ? new Bottleneck({ minTime: 1000 / perSecond, maxConcurrent: null }) : null;
  }

  run<T>(work: () => Promise<T>): Promise<T> {
    return this.limiter ? this.limiter.schedule(work) : work();
  }

  /**
   * How many rows a worker may claim for this vendor at once: no more than can go out in a quarter of the
   * lease, so that no claimed row waits in memory until its lease runs out.
   */
  claimSize(max: number, leaseMs: number): number {
    if (this.perSecond <= 0) return max;
    return Math.max(1, Math.min(max, Math.floor((this.perSecond * leaseMs) / 4000)));
  }

  async stop(): Promise<void> {
    await this.limiter?.stop({ dropWaitingJobs: true }).catch(() => undefined);
  }
}
