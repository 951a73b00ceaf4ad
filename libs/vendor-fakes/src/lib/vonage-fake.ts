import { randomBytes } from 'node:crypto';
import { FakeResponse, HttpFake, HttpFakeOptions, InboxItem, RecordedRequest, ScriptedFailure, takeFailure } from './http-fake';

export interface VonageMessage {
  messageId: string;
  to: string;
  from: string;
  text: string;
  clientRef: string | null;
  createdAt: Date;
}

export interface VonageFakeOptions extends HttpFakeOptions {
  apiKey?: string;
  apiSecret?: string;
}

/**
 * Vonage's (formerly Nexmo's) SMS API: POST /sms/json with api_key, api_secret, from, to (international
 * format without the "+"), text and an optional client-ref, form-encoded or JSON. Vonage answers HTTP 200
 * even for most failures and puts the outcome in messages[0].status ("0" is success, "1" throttled, "4"
 * invalid credentials…); only overload comes back as HTTP 429.
 */
export class VonageFake extends HttpFake {
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly messages: VonageMessage[] = [];
  readonly perRecipient = new Map<string, number>();
  private readonly failures: ScriptedFailure[] = [];
  /** Vonage status codes to answer with, next `times` requests. */
  private readonly statusFailures: { status: string; errorText: string; remaining: number }[] = [];

  constructor(private readonly options: VonageFakeOptions = {}) {
    super(options);
    this.apiKey = options.apiKey ?? randomBytes(4).toString('hex');
    this.apiSecret = options.apiSecret ?? randomBytes(12).toString('base64url');
  }

  /** An HTTP-level failure (429 with Retry-After, 5xx). */
  failNext(failure: { status: number; times?: number; retryAfterSeconds?: number; recipient?: string }): void {
    this.failures.push({ remaining: failure.times ?? 1, status: failure.status, retryAfterSeconds: failure.retryAfterSeconds, recipient: failure.recipient });
  }

  /** A Vonage-level failure in the 200 body: "1" Throttled, "5" Internal Error, "6" Invalid Message… */
  answerStatus(status: string, errorText: string, times = 1): void {
    this.statusFailures.push({ status, errorText, remaining: times });
  }

  to(phone: string): VonageMessage[] {
    const digits = phone.replace(/^\+/, '');
    return this.messages.filter((m) => m.to === digits);
  }

  clear(): void {
    this.messages.length = 0;
    this.perRecipient.clear();
    this.clearRequests();
  }

  inbox(): InboxItem[] {
    return this.messages.map((m) => ({ channel: 'sms', provider: 'vonage', at: m.createdAt.toISOString(), from: m.from, to: `+${m.to}`, text: m.text }));
  }

  protected route(request: RecordedRequest): FakeResponse {
    if (request.path !== '/sms/json') return { status: 404, body: { type: 'https://developer.vonage.com/api-errors#not-found', title: 'Not Found' } };
    if (request.method !== 'POST') return { status: 405, body: { title: 'Method Not Allowed' } };
    const params = { ...request.query, ...request.form, ...((request.json as Record<string, string> | undefined) ?? {}) };
    const failure = takeFailure(this.failures, params.to);
    if (failure) {
      const headers = failure.retryAfterSeconds !== undefined ? { 'retry-after': String(failure.retryAfterSeconds) } : undefined;
      return { status: failure.status, headers, body: { type: 'https://developer.vonage.com/api-errors#throttled', title: failure.status === 429 ? 'Too Many Requests' : 'Server Error' } };
    }
    const refusal = (status: string, errorText: string): FakeResponse => ({
      status: 200,
      body: { 'message-count': '1', messages: [{ status, 'error-text': errorText, ...(params.to ? { to: params.to } : {}) }] },
    });
    if (!params.api_key || !params.api_secret) return refusal('2', 'Missing api_key or api_secret');
    if (params.api_key !== this.apiKey || params.api_secret !== this.apiSecret) return refusal('4', 'Bad Credentials');
    const scripted = this.statusFailures[0];
    if (scripted) {
      scripted.remaining--;
      if (scripted.remaining <= 0) this.statusFailures.shift();
      return refusal(scripted.status, scripted.errorText);
    }
    if (!params.from) return refusal('2', 'Missing from param');
    if (!params.to) return refusal('2', 'Missing to param');
    if (!params.text) return refusal('2', 'Missing text param');
    if (!/^[1-9]\d{6,14}$/.test(params.to)) return refusal('3', 'Invalid to param');
    const messageId = randomBytes(8).toString('hex').toUpperCase();
    this.perRecipient.set(params.to, (this.perRecipient.get(params.to) ?? 0) + 1);
    if (this.options.record !== false) {
      this.messages.push({ messageId, to: params.to, from: params.from, text: params.text, clientRef: params['client-ref'] ?? null, createdAt: new Date() });
    }
    return {
      status: 200,
      body: {
        'message-count': '1',
        messages: [
          {
            to: params.to,
            'message-id': messageId,
            status: '0',
            'remaining-balance': '10.00000000',
            'message-price': '0.03330000',
            network: '23410',
            ...(params['client-ref'] ? { 'client-ref': params['client-ref'] } : {}),
          },
        ],
      },
    };
  }
}
