import { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Logger } from 'pino';
import { PollingLoop } from '@sitrep/platform';

export interface DeadlineSchedulerOptions {
  enabled: boolean;
  pollMs: number;
}
export const DEADLINE_SCHEDULER_OPTIONS = Symbol('DeadlineSchedulerOptions');

/**
 * A service that looks for work due by the clock (deadlines, maintenance windows, overdue action items)
 * on every poll, from application start to shutdown, while the app's poll options enable it.
 */
export abstract class ClockPoller implements OnApplicationBootstrap, OnModuleDestroy {
  private loop: PollingLoop | null = null;

  protected constructor(
    private readonly pollerName: string,
    protected readonly logger: Logger,
    private readonly pollOptions: DeadlineSchedulerOptions,
  ) {}

  /** Does whatever is due now; returns how much it did. */
  abstract tick(): Promise<number>;

  onApplicationBootstrap(): void {
    if (!this.pollOptions.enabled) return;
    this.loop = new PollingLoop(this.pollerName, () => this.tick(), this.pollOptions.pollMs, this.logger);
    this.loop.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.loop?.stop();
  }
}
