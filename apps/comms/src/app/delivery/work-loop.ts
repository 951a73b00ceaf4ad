import type { Logger } from 'pino';

/**
 * Runs `tick` again at once while it reports more work, otherwise after `idleMs` or when woken. A failed
 * tick is logged and retried after `idleMs`. Stopping waits for the tick in hand.
 */
export class WorkLoop {
  private running = false;
  private loop: Promise<void> | null = null;
  private wakeUp: (() => void) | null = null;
  private woken = false;

  constructor(
    private readonly name: string,
    private readonly tick: () => Promise<boolean>,
    private readonly idleMs: number,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wakeUp?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      this.woken = false;
      let more = false;
      try {
        more = await this.tick();
      } catch (error) {
        this.logger.warn({ err: error, loop: this.name }, `${this.name} failed; retrying`);
      }
      if (!this.running) break;
      if (more) continue;
      if (this.woken) continue;
      await new Promise<void>((ok) => {
        const timer = setTimeout(() => {
          this.wakeUp = null;
          ok();
        }, this.idleMs);
        this.wakeUp = () => {
          clearTimeout(timer);
          this.wakeUp = null;
          ok();
        };
      });
    }
  }
}
