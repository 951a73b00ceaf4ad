import type { Logger } from 'pino';

/**
 * Runs a tick, waits, runs it again, until stopped; a failed tick is logged and retried on the next
 * round. Stopping waits for the tick in hand, so a shutdown never cuts a transaction in half.
 */
export class PollingLoop {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly name: string,
    private readonly tick: () => Promise<unknown>,
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {}

  start(): void {
    const loop = () => {
      if (this.stopped) return;
      this.running = this.tick()
        .catch((error) => this.logger.warn({ err: error, loop: this.name }, `${this.name} failed; retrying`))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(loop, this.intervalMs);
        });
    };
    loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
