import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { SLACK_APP, SlackAppRuntime } from './slack-app.controller';

/** Failed Slack events are first due again 5 s later (slackEventRetryDelayMs): looked for as often. */
export const SLACK_EVENT_RETRY_POLL_MS = 5_000;

/**
 * Tries again the Slack events whose handling failed or was interrupted (SlackEvents.retryDue): Slack does
 * not resend an event comms acknowledged in time, so without this one failure would lose it.
 */
@Injectable()
export class SlackEventRetries implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(@Inject(SLACK_APP) private readonly runtime: SlackAppRuntime) {}

  onApplicationBootstrap(): void {
    const events = this.runtime.events;
    if (!events) return;
    const tick = () => {
      this.running = events
        .retryDue()
        .then(() => undefined)
        .catch((error) => this.runtime.logger.warn({ err: error }, 'could not look for Slack events to try again'))
        .finally(() => {
          this.running = null;
          if (this.timer !== null) this.timer = setTimeout(tick, SLACK_EVENT_RETRY_POLL_MS);
        });
    };
    this.timer = setTimeout(tick, SLACK_EVENT_RETRY_POLL_MS);
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }
}
