import { ChannelAdapter, ChannelCheck, DeliveryFailure, SendReceipt, SmsMessage } from './channel-adapter';
import { httpFailure, networkFailure } from './failure-classification';
import { VendorHttp, VendorResponse } from './vendor-http';

export interface TwilioOptions {
  apiUrl: string;
  accountSid: string;
  authToken: string;
  from: string;
  timeoutMs?: number;
}

/**
 * Twilio error codes that are about the recipient or the message, not Twilio: another provider would
 * refuse them too, so they are permanent and never failed over.
 * 21211 invalid To, 21214 To not reachable, 21610 recipient replied STOP, 21612 cannot route to this To,
 * 21614 not a mobile number, 21617 body too long, 30003-30006 unreachable / landline / unknown.
 */
const RECIPIENT_ERRORS = new Set([21211, 21214, 21610, 21612, 21614, 21617, 30003, 30004, 30005, 30006]);

/**
 * SMS through Twilio's Messages API: POST /2010-04-01/Accounts/{sid}/Messages.json, form-encoded, HTTP
 * Basic auth with the account SID and auth token.
 *
 * Twilio's Messages API takes no idempotency key, so a request that times out after reaching Twilio may
 * have been sent; retrying it (or failing over) can send the text twice. The failure is marked ambiguous.
 */
export class TwilioSmsAdapter implements ChannelAdapter<SmsMessage> {
  readonly channel = 'sms' as const;
  readonly provider = 'twilio';
  private readonly authorization: string;
  private readonly http = new VendorHttp();

  constructor(private readonly options: TwilioOptions) {
    this.authorization = `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64')}`;
  }

  private get messagesUrl(): string {
    return `${this.options.apiUrl}/2010-04-01/Accounts/${encodeURIComponent(this.options.accountSid)}/Messages.json`;
  }

  async send(message: SmsMessage): Promise<SendReceipt> {
    const form = new URLSearchParams({ To: message.to, From: this.options.from, Body: message.body });
    if (message.statusCallbackUrl) form.set('StatusCallback', message.statusCallbackUrl);
    let response: VendorResponse;
    try {
      response = await this.http.request(this.messagesUrl, {
        method: 'POST',
        headers: { authorization: this.authorization, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form.toString(),
        timeoutMs: this.options.timeoutMs ?? 10_000,
      });
    } catch (error) {
      throw networkFailure(this.provider, error);
    }
    const text = response.text;
    let body: { sid?: string; code?: number; message?: string } = {};
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      body = { message: text.slice(0, 200) };
    }
    if (response.status === 201 || response.status === 200) return { provider: this.provider, providerMessageId: body.sid ?? null };
    const detail = `${body.code ? `error ${body.code}: ` : ''}${body.message ?? 'no message'}`;
    if (body.code && RECIPIENT_ERRORS.has(body.code)) {
      throw new DeliveryFailure(`twilio refused ${message.to}: ${detail}`, 'permanent', this.provider, { scope: 'recipient' });
    }
    throw httpFailure(this.provider, response.status, detail, response.header('retry-after'));
  }

  /**
   * Twilio's message list (GET Messages.json?To=&From=&DateSent>=): the message with this body to this
   * number from our number, created since `since`. A failed look-up throws, so the row waits and asks
   * again rather than risk a second text.
   */
  async findSent(message: SmsMessage, since: Date): Promise<SendReceipt | null> {
    const query = new URLSearchParams({ To: message.to, From: this.options.from, PageSize: '50' });
    // Twilio's range filter is spelled "DateSent>=" (a day, UTC) in the query string.
    const url = `${this.messagesUrl}?${query.toString()}&DateSent%3E=${since.toISOString().slice(0, 10)}`;
    let response: VendorResponse;
    try {
      response = await this.http.request(url, { method: 'GET', headers: { authorization: this.authorization, accept: 'application/json' }, timeoutMs: this.options.timeoutMs ?? 10_000 });
    } catch (error) {
      throw networkFailure(this.provider, error);
    }
    if (response.status !== 200) throw httpFailure(this.provider, response.status, `listing messages: ${response.text.slice(0, 200)}`, response.header('retry-after'));
    const { messages } = JSON.parse(response.text) as { messages?: { sid: string; body: string; date_created: string }[] };
    // date_created has whole seconds.
    const found = (messages ?? []).find((m) => m.body === message.body && Date.parse(m.date_created) >= since.getTime() - 1_000);
    return found ? { provider: this.provider, providerMessageId: found.sid } : null;
  }

  async check(): Promise<ChannelCheck> {
    try {
      const response = await this.http.request(`${this.options.apiUrl}/2010-04-01/Accounts/${encodeURIComponent(this.options.accountSid)}.json`, {
        method: 'GET',
        headers: { authorization: this.authorization },
        timeoutMs: 5_000,
      });
      // Any answer but 401 means the API is reachable and the credentials are accepted or not checked.
      return { provider: this.provider, ok: response.status !== 401, detail: `HTTP ${response.status}` };
    } catch (error) {
      return { provider: this.provider, ok: false, detail: networkFailure(this.provider, error).message };
    }
  }

  async close(): Promise<void> {
    this.http.close();
  }
}
