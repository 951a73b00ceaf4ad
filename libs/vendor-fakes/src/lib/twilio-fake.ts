import { createHmac, randomBytes } from 'node:crypto';
import { FakeResponse, HttpFake, HttpFakeOptions, InboxItem, RecordedRequest, ScriptedFailure, basicCredentials, takeFailure } from './http-fake';

export interface TwilioMessage {
  sid: string;
  accountSid: string;
  to: string;
  from: string;
  body: string;
  statusCallback: string | null;
  createdAt: Date;
}

export interface TwilioFakeOptions extends HttpFakeOptions {
  accountSid?: string;
  authToken?: string;
  /** POST signed "sent" then "delivered" status callbacks to the StatusCallback URL, as Twilio does. */
  statusCallbacks?: boolean;
}

const E164 = /^\+[1-9]\d{1,14}$/;

/** Twilio's error body: {code, message, more_info, status}. */
function twilioError(status: number, code: number, message: string, headers?: Record<string, string>): FakeResponse {
  return { status, headers, body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status } };
}

/**
 * The X-Twilio-Signature Twilio puts on webhooks it sends: base64(HMAC-SHA1(auth token, URL followed by
 * each POST parameter's name and value, sorted by name)).
 */
export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  const data = url + Object.keys(params).sort().map((key) => key + params[key]).join('');
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf8')).digest('base64');
}

/**
 * Twilio's Programmable Messaging API as far as Sitrep uses it: POST
 * /2010-04-01/Accounts/{AccountSid}/Messages.json with form-encoded To, From, Body (and StatusCallback),
 * HTTP Basic auth with the account SID and auth token, Twilio-shaped JSON back. It can be scripted to
 * answer 400/401/429/5xx, and it sends signed inbound and status webhooks the way Twilio does.
 */
export class TwilioFake extends HttpFake {
  readonly accountSid: string;
  readonly authToken: string;
  readonly messages: TwilioMessage[] = [];
  readonly perRecipient = new Map<string, number>();
  /** What each number was sent, kept even when record is off: the message list (GET Messages.json) serves it. */
  private readonly sentTo = new Map<string, TwilioMessage[]>();
  /** Numbers that texted STOP: Twilio refuses to send to them with error 21610. */
  readonly optedOut = new Set<string>();
  private readonly failures: ScriptedFailure[] = [];

  constructor(private readonly options: TwilioFakeOptions = {}) {
    super(options);
    // Random unless given: a published fixed token would let anyone sign a webhook (a forged STOP).
    this.accountSid = options.accountSid ?? `AC${randomBytes(16).toString('hex')}`;
    this.authToken = options.authToken ?? randomBytes(16).toString('hex');
  }

  /** The next `times` sends (to `recipient`, if given) get this HTTP status in Twilio's error shape. */
  failNext(failure: { status: number; times?: number; retryAfterSeconds?: number; recipient?: string }): void {
    this.failures.push({ remaining: failure.times ?? 1, status: failure.status, retryAfterSeconds: failure.retryAfterSeconds, recipient: failure.recipient });
  }

  to(phone: string): TwilioMessage[] {
    return this.messages.filter((m) => m.to === phone);
  }

  clear(): void {
    this.messages.length = 0;
    this.perRecipient.clear();
    this.sentTo.clear();
    this.clearRequests();
  }

  inbox(): InboxItem[] {
    return this.messages.map((m) => ({ channel: 'sms', provider: 'twilio', at: m.createdAt.toISOString(), from: m.from, to: m.to, text: m.body }));
  }

  /**
   * What Twilio does when someone texts one of our numbers: a form-encoded POST to the configured
   * webhook, signed with X-Twilio-Signature. Returns the webhook's HTTP status.
   */
  async sendInbound(webhookUrl: string, message: { From: string; To: string; Body: string }, signWith = this.authToken): Promise<number> {
    const params: Record<string, string> = {
      ToCountry: 'US',
      SmsMessageSid: `SM${randomBytes(16).toString('hex')}`,
      NumMedia: '0',
      SmsSid: '',
      SmsStatus: 'received',
      NumSegments: '1',
      MessageSid: '',
      AccountSid: this.accountSid,
      ApiVersion: '2010-04-01',
      ...message,
    };
    params.SmsSid = params.SmsMessageSid;
    params.MessageSid = params.SmsMessageSid;
    const stopWords = ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT'];
    if (stopWords.includes(message.Body.trim().toUpperCase())) {
      // Twilio's Advanced Opt-Out adds OptOutType and blocks further messages to the number itself.
      params.OptOutType = 'STOP';
      this.optedOut.add(message.From);
    }
    return this.postSigned(webhookUrl, params, signWith);
  }

  /** POSTs a form, signed as Twilio signs it, and returns the HTTP status. */
  async postSigned(url: string, params: Record<string, string>, signWith = this.authToken): Promise<number> {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSignature(signWith, url, params), 'user-agent': 'TwilioProxy/1.1' },
      body: new URLSearchParams(params).toString(),
    });
    await response.arrayBuffer();
    return response.status;
  }

  protected route(request: RecordedRequest): FakeResponse {
    const match = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(request.path);
    if (!match) return twilioError(404, 20404, `The requested resource ${request.path} was not found`);
    if (request.method !== 'POST' && request.method !== 'GET') return twilioError(405, 20004, 'Method not allowed');
    const credentials = basicCredentials(request.headers);
    if (!credentials || credentials.user !== this.accountSid || credentials.password !== this.authToken || match[1] !== this.accountSid) {
      return twilioError(401, 20003, 'Authenticate', { 'www-authenticate': 'Basic realm="Twilio API"' });
    }
    if (request.method === 'GET') return this.list(request);
    const { To: to, From: from, Body: body, StatusCallback: statusCallback } = request.form;
    const failure = takeFailure(this.failures, to);
    if (failure) {
      const headers = failure.retryAfterSeconds !== undefined ? { 'retry-after': String(failure.retryAfterSeconds) } : undefined;
      if (failure.status === 429) return twilioError(429, 20429, 'Too Many Requests', headers);
      if (failure.status === 401) return twilioError(401, 20003, 'Authenticate');
      if (failure.status >= 500) return twilioError(failure.status, 20500, 'Internal Server Error', headers);
      return twilioError(failure.status, 21211, `The 'To' number ${to} is not a valid phone number.`);
    }
    if (!to) return twilioError(400, 21604, "A 'To' phone number is required.");
    if (!E164.test(to)) return twilioError(400, 21211, `The 'To' number ${to} is not a valid phone number.`);
    if (!from) return twilioError(400, 21603, "A 'From' phone number is required.");
    if (!body) return twilioError(400, 21602, 'Message body is required.');
    if (body.length > 1600) return twilioError(400, 21617, 'The concatenated message body exceeds the 1600 character limit.');
    if (this.optedOut.has(to)) return twilioError(400, 21610, 'Attempt to send to unsubscribed recipient');

    const sid = `SM${randomBytes(16).toString('hex')}`;
    const now = new Date();
    const message: TwilioMessage = { sid, accountSid: this.accountSid, to, from, body, statusCallback: statusCallback ?? null, createdAt: now };
    this.perRecipient.set(to, (this.perRecipient.get(to) ?? 0) + 1);
    this.sentTo.set(to, [...(this.sentTo.get(to) ?? []), message]);
    if (this.options.record !== false) this.messages.push(message);
    if (statusCallback && this.options.statusCallbacks) void this.reportStatus(message);
    const segments = Math.max(1, Math.ceil(body.length / 160));
    return {
      status: 201,
      body: {
        account_sid: this.accountSid,
        api_version: '2010-04-01',
        body,
        date_created: now.toUTCString(),
        date_sent: null,
        date_updated: now.toUTCString(),
        direction: 'outbound-api',
        error_code: null,
        error_message: null,
        from,
        messaging_service_sid: null,
        num_media: '0',
        num_segments: String(segments),
        price: null,
        price_unit: 'USD',
        sid,
        status: 'queued',
        subresource_uris: { media: `/2010-04-01/Accounts/${this.accountSid}/Messages/${sid}/Media.json` },
        to,
        uri: `/2010-04-01/Accounts/${this.accountSid}/Messages/${sid}.json`,
      },
    };
  }

  /**
   * The message list, filtered as Twilio filters it: To, From, and DateSent (a day, UTC) exactly or as
   * a range with "DateSent>=" / "DateSent<=". Newest first, one page (PageSize, default 50).
   */
  private list(request: RecordedRequest): FakeResponse {
    const q = request.query;
    if (!q.To) return twilioError(400, 20001, 'This fake lists messages by To only');
    const day = (d: Date) => d.toISOString().slice(0, 10);
    const pageSize = Math.min(Number(q.PageSize ?? 50) || 50, 1000);
    const messages = (this.sentTo.get(q.To) ?? [])
      .filter((m) => (!q.From || m.from === q.From) && (!q.DateSent || day(m.createdAt) === q.DateSent) && (!q['DateSent>'] || day(m.createdAt) >= q['DateSent>']) && (!q['DateSent<'] || day(m.createdAt) <= q['DateSent<']))
      .slice(-pageSize)
      .reverse()
      .map((m) => ({
        account_sid: this.accountSid,
        api_version: '2010-04-01',
        body: m.body,
        date_created: m.createdAt.toUTCString(),
        date_sent: m.createdAt.toUTCString(),
        date_updated: m.createdAt.toUTCString(),
        direction: 'outbound-api',
        from: m.from,
        sid: m.sid,
        status: 'delivered',
        to: m.to,
        uri: `/2010-04-01/Accounts/${this.accountSid}/Messages/${m.sid}.json`,
      }));
    return { status: 200, body: { messages, page: 0, page_size: pageSize, start: 0, end: Math.max(0, messages.length - 1), first_page_uri: request.path, next_page_uri: null, previous_page_uri: null, uri: request.path } };
  }

  private async reportStatus(message: TwilioMessage): Promise<void> {
    for (const status of ['sent', 'delivered']) {
      await new Promise((ok) => setTimeout(ok, 5));
      await this.postSigned(message.statusCallback!, {
        AccountSid: this.accountSid,
        ApiVersion: '2010-04-01',
        From: message.from,
        To: message.to,
        MessageSid: message.sid,
        SmsSid: message.sid,
        MessageStatus: status,
        SmsStatus: status,
      }).catch(() => undefined);
    }
  }
}
