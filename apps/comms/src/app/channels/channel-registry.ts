import type { Logger } from 'pino';
import type { CommsConfig } from '../../config/comms-config';
import { ChannelAdapter, ChannelCheck, DeliveryChannel, EmailMessage, SmsMessage } from './channel-adapter';
import { FailoverSmsAdapter } from './failover-sms.adapter';
import { ProviderRateLimit } from './provider-rate-limit';
import type { SendPace } from './send-pace';
import { SlackWorkspace } from './slack-workspace';
import { SmtpEmailAdapter } from './smtp-email.adapter';
import { TwilioSmsAdapter } from './twilio-sms.adapter';
import { VonageSmsAdapter } from './vonage-sms.adapter';

interface Limited<M> {
  adapter: ChannelAdapter<M>;
  /** Applied by the worker around each send; the failover adapter applies its own per provider. */
  limit: ProviderRateLimit;
}

/**
 * The adapters this process sends with, chosen from configuration alone: a vendor whose variables are set
 * is on, one whose variables are not is off. Embedded mode sets them to the bundled fakes; nothing here
 * looks at NODE_ENV or the run mode. Each vendor's limit is shared by all comms processes through `pace`.
 */
export class ChannelRegistry {
  readonly email: Limited<EmailMessage> | null;
  readonly sms: Limited<SmsMessage> | null;
  readonly slack: { workspace: SlackWorkspace; limit: ProviderRateLimit } | null;

  /**
   * @param pace where the vendors' limits are held for all comms processes together (comms' database).
   * @param logger where a Slack call that failed for good is logged.
   */
  constructor(config: CommsConfig, pace: SendPace | null = null, logger?: Logger) {
    this.email = config.email
      ? { adapter: new SmtpEmailAdapter({ url: config.email.smtpUrl, from: config.email.from, maxConnections: config.email.maxConnections }), limit: new ProviderRateLimit('smtp', config.email.perSecond, pace) }
      : null;
    const twilio = config.twilio
      ? { adapter: new TwilioSmsAdapter({ apiUrl: config.twilio.apiUrl, accountSid: config.twilio.accountSid, authToken: config.twilio.authToken, from: config.twilio.from }), limit: new ProviderRateLimit('twilio', config.twilio.perSecond, pace) }
      : null;
    const fallback = config.smsFallback
      ? { adapter: new VonageSmsAdapter({ apiUrl: config.smsFallback.apiUrl, apiKey: config.smsFallback.apiKey, apiSecret: config.smsFallback.apiSecret, from: config.smsFallback.from }), limit: new ProviderRateLimit('vonage', config.smsFallback.perSecond, pace) }
      : null;
    if (twilio && fallback) this.sms = { adapter: new FailoverSmsAdapter(twilio, fallback), limit: new ProviderRateLimit('sms', 0) };
    else this.sms = twilio ?? fallback;
    // Slack's limits are per method and per channel, kept inside the workspace client; no limit across all calls.
    this.slack = config.slack ? { workspace: new SlackWorkspace({ apiUrl: config.slack.apiUrl, botToken: config.slack.botToken, logger }), limit: new ProviderRateLimit('slack', 0) } : null;
  }

  has(channel: DeliveryChannel): boolean {
    return channel === 'email' ? this.email !== null : channel === 'sms' ? this.sms !== null : this.slack !== null;
  }

  /** Subscriber channels that can send: a subscription to a channel that is off is refused. */
  subscriberChannels(): ('email' | 'sms')[] {
    return (['email', 'sms'] as const).filter((c) => this.has(c));
  }

  async checks(): Promise<ChannelCheck[]> {
    const checks: Promise<ChannelCheck>[] = [];
    if (this.email) checks.push(this.email.adapter.check());
    if (this.sms) checks.push(this.sms.adapter.check());
    if (this.slack) checks.push(this.slack.workspace.check());
    return Promise.all(checks);
  }

  async close(): Promise<void> {
    await this.email?.adapter.close?.();
    await this.sms?.adapter.close?.();
    for (const limit of [this.email?.limit, this.sms?.limit, this.slack?.limit]) await limit?.stop();
    this.slack?.workspace.stop();
  }
}
