import { ChannelAdapter, ChannelCheck, DeliveryFailure, SendReceipt, SmsMessage } from './channel-adapter';
import { httpFailure, networkFailure } from './failure-classification';
import { VendorHttp, VendorResponse } from './vendor-http';

export interface VonageOptions {
  apiUrl: string;
  apiKey: string;
  apiSecret: string;
  from: string;
  timeoutMs?: number;
}

/**
 * Vonage answers most refusals with HTTP 200 and a status in the body. "1" (throttled) and "5" (internal
 * error) are worth retrying; credentials and account problems ("4", "8", "9", "11", "14", "32") are
 * Vonage's side (another provider may do); the rest are about the number or the text.
 */
const TRANSIENT = new Set(['1', '5']);
const PROVIDER_SIDE = new Set(['4', '8', '9', '11', '14', '32']);

/** GSM 03.38 basic set: anything outside it has to go as type=unicode. */
const GSM = /^[@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&'()*+,\-./0-9:;<=>?¡A-ZÄÖÑÜ§¿a-zäöñüà^{}\\[~\]|€]*$/;

/**
 * SMS through Vonage's (Nexmo's) SMS API: POST /sms/json, form-encoded, credentials in the body, the
 * number without its "+". Our delivery id goes as client-ref, which Vonage echoes in receipts; it is not
 * an idempotency key (Vonage has none either).
 */
export class VonageSmsAdapter implements ChannelAdapter<SmsMessage> {
  readonly channel = 'sms' as const;
  readonly provider = 'vonage';
  private readonly http = new VendorHttp();

  constructor(private readonly options: VonageOptions) {}

  async send(message: SmsMessage): Promise<SendReceipt> {
    const form = new URLSearchParams({
      api_key: this.options.apiKey,
      api_secret: this.options.apiSecret,
      from: this.options.from.replace(/^\+/, ''),
      to: message.to.replace(/^\+/, ''),
      text: message.body,
    });
    if (!GSM.test(message.body)) form.set('type', 'unicode');
    if (message.reference) form.set('client-ref', message.reference.slice(0, 100));
    let response: VendorResponse;
    try {
      response = await this.http.request(`${this.options.apiUrl}/sms/json`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form.toString(),
        timeoutMs: this.options.timeoutMs ?? 10_000,
      });
    } catch (error) {
      throw networkFailure(this.provider, error);
    }
    const text = response.text;
    if (response.status !== 200) throw httpFailure(this.provider, response.status, text.slice(0, 200), response.header('retry-after'));
    let first: { status?: string; 'error-text'?: string; 'message-id'?: string } | undefined;
    try {
      first = (JSON.parse(text) as { messages?: (typeof first)[] }).messages?.[0];
    } catch {
      first = undefined;
    }
    if (!first) throw new DeliveryFailure(`vonage answered without a message status: ${text.slice(0, 200)}`, 'transient', this.provider, { ambiguous: true });
    if (first.status === '0') return { provider: this.provider, providerMessageId: first['message-id'] ?? null };
    const detail = `vonage status ${first.status}: ${first['error-text'] ?? 'no error text'}`;
    if (TRANSIENT.has(first.status ?? '')) throw new DeliveryFailure(detail, 'transient', this.provider, { scope: 'provider', retryAfterMs: first.status === '1' ? 1_000 : null });
    if (PROVIDER_SIDE.has(first.status ?? '')) throw new DeliveryFailure(detail, 'transient', this.provider, { scope: 'provider' });
    throw new DeliveryFailure(detail, 'permanent', this.provider, { scope: 'recipient' });
  }

  async check(): Promise<ChannelCheck> {
    try {
      const url = new URL(`${this.options.apiUrl}/account/get-balance`);
      url.searchParams.set('api_key', this.options.apiKey);
      url.searchParams.set('api_secret', this.options.apiSecret);
      const response = await this.http.request(url.toString(), { method: 'GET', timeoutMs: 5_000 });
      return { provider: this.provider, ok: response.status < 500 && response.status !== 401, detail: `HTTP ${response.status}` };
    } catch (error) {
      return { provider: this.provider, ok: false, detail: networkFailure(this.provider, error).message };
    }
  }

  async close(): Promise<void> {
    this.http.close();
  }
}
