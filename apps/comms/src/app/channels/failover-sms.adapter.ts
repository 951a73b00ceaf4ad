import { ChannelAdapter, ChannelCheck, DeliveryFailure, SendReceipt, SmsMessage } from './channel-adapter';
import { ProviderRateLimit } from './provider-rate-limit';

export interface RateLimitedSms {
  adapter: ChannelAdapter<SmsMessage>;
  limit: ProviderRateLimit;
}

/**
 * The primary SMS provider, and the second one when the primary cannot take the message. Failing over is
 * only safe when the primary certainly did not send: a refusal it answered (429, 5xx, credentials) or a
 * connection that never opened. After a timeout the primary may have sent, and neither vendor takes an
 * idempotency key, so the message is retried later on the primary instead of risking two texts. Problems
 * with the number itself (invalid, opted out) are not failed over: the other vendor would refuse it too.
 */
export class FailoverSmsAdapter implements ChannelAdapter<SmsMessage> {
  readonly channel = 'sms' as const;
  readonly provider: string;

  constructor(
    private readonly primary: RateLimitedSms,
    private readonly fallback: RateLimitedSms,
  ) {
    this.provider = `${primary.adapter.provider}+${fallback.adapter.provider}`;
  }

  async send(message: SmsMessage): Promise<SendReceipt> {
    try {
      return await this.primary.limit.run(() => this.primary.adapter.send(message));
    } catch (error) {
      if (!(error instanceof DeliveryFailure) || error.scope === 'recipient' || error.ambiguous) throw error;
      // The primary asked for a pause: every comms process holds off it, while this message tries the other.
      if (error.retryAfterMs && error.scope === 'provider') await this.primary.limit.pause(error.retryAfterMs).catch(() => undefined);
      try {
        return await this.fallback.limit.run(() => this.fallback.adapter.send(message));
      } catch (second) {
        if (!(second instanceof DeliveryFailure)) throw second;
        // Both refused: retry when the sooner of the two says it may work again.
        const retries = [error, second].filter((f) => f.kind === 'transient');
        if (retries.length === 0) throw second;
        const after = retries.map((f) => f.retryAfterMs).filter((ms): ms is number => ms !== null);
        throw new DeliveryFailure(`${error.message}; then ${second.message}`, 'transient', this.provider, { retryAfterMs: after.length ? Math.min(...after) : null });
      }
    }
  }

  /** Only the primary can be asked (Vonage keeps no message list to search): a timeout on the fallback can still mean a second text. */
  async findSent(message: SmsMessage, since: Date): Promise<SendReceipt | null> {
    return this.primary.adapter.findSent ? this.primary.adapter.findSent(message, since) : null;
  }

  async check(): Promise<ChannelCheck> {
    const [a, b] = await Promise.all([this.primary.adapter.check(), this.fallback.adapter.check()]);
    return { provider: this.provider, ok: a.ok || b.ok, detail: `${a.provider}: ${a.detail}; ${b.provider}: ${b.detail}` };
  }

  async close(): Promise<void> {
    await this.primary.adapter.close?.();
    await this.fallback.adapter.close?.();
  }
}
