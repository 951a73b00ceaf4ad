import { Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer, SMTPServerAddress } from 'smtp-server';
import { FAKE_INBOX_PATH, InboxItem } from './http-fake';
import { parseMessage } from './mime';

export interface ReceivedEmail {
  /** Position in arrival order, from 1. */
  seq: number;
  envelopeFrom: string;
  envelopeTo: string[];
  from: string;
  to: string;
  subject: string;
  messageId: string;
  /** Lower-cased header name → first value (decoded). */
  headers: Record<string, string>;
  text: string | null;
  html: string | null;
  calendar: string | null;
  receivedAt: Date;
}

export interface SmtpSinkOptions {
  /** Keep parsed messages (default). Off for benchmarks: only the per-recipient counts are kept. */
  record?: boolean;
  /** Keep at most this many parsed messages (the first ones), e.g. 1 to see what a benchmark sends. */
  recordLimit?: number;
  /** Also serve GET /_fake/inbox on an HTTP port, for the dev inbox. */
  inboxApi?: boolean;
  /** A slow vendor: wait this long after a message's data before answering 250 (the message counts on the answer). */
  acceptDelayMs?: number;
  /** Called once each message is accepted: what inbox() returns may have changed (the launcher keeps it on disk). */
  onDelivered?: () => void;
}

interface RecipientRule {
  code: number;
  message: string;
  /** How many more RCPT TO to refuse; Infinity for all. */
  remaining: number;
}

/**
 * A real SMTP server (smtp-server) that accepts everything, records it, and can be told to refuse a
 * recipient with a 4xx (try later) or 5xx (never) reply, as a receiving MTA would.
 */
export class SmtpSink {
  readonly messages: ReceivedEmail[] = [];
  /** Accepted SMTP transactions per envelope recipient (lower-cased), kept even when record is off. */
  readonly perRecipient = new Map<string, number>();
  /** Distinct Message-IDs per envelope recipient: what a mailbox that collapses duplicates would show. */
  readonly messageIdsPerRecipient = new Map<string, Set<string>>();
  accepted = 0;
  private readonly rules = new Map<string, RecipientRule>();
  private smtp: SMTPServer | null = null;
  private http: Server | null = null;
  private port = 0;
  private httpPort = 0;
  private readonly waiters: { count: number; resolve: () => void }[] = [];

  constructor(private readonly options: SmtpSinkOptions = {}) {}

  async start(port = 0, host = '127.0.0.1'): Promise<this> {
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      size: 10 * 1024 * 1024,
      onRcptTo: (address: SMTPServerAddress, _session, callback) => {
        const rule = this.rules.get(address.address.toLowerCase());
        if (rule && rule.remaining > 0) {
          rule.remaining--;
          const error = new Error(rule.message) as Error & { responseCode: number };
          error.responseCode = rule.code;
          return callback(error);
        }
        callback();
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const accept = () => {
            this.receive(
              Buffer.concat(chunks).toString('utf8'),
              session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              session.envelope.rcptTo.map((r) => r.address),
            );
            callback();
          };
          if (this.options.acceptDelayMs) setTimeout(accept, this.options.acceptDelayMs);
          else accept();
        });
      },
    });
    smtp.on('error', () => undefined);
    await new Promise<void>((ok, fail) => {
      smtp.once('error', fail);
      smtp.listen(port, host, () => ok());
    });
    this.smtp = smtp;
    this.port = (smtp.server.address() as AddressInfo).port;
    if (this.options.inboxApi) {
      const http = createServer((req, res) => {
        if (req.method === 'GET' && req.url?.startsWith(FAKE_INBOX_PATH)) {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ items: this.inbox() }));
        } else {
          res.writeHead(404).end();
        }
      });
      await new Promise<void>((ok) => http.listen(0, host, () => ok()));
      this.http = http;
      this.httpPort = (http.address() as AddressInfo).port;
    }
    return this;
  }

  /** smtp://127.0.0.1:<port>, what SMTP_URL takes. */
  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  get inboxUrl(): string {
    if (!this.http) throw new Error('start the sink with inboxApi: true to serve its inbox over HTTP');
    return `http://127.0.0.1:${this.httpPort}${FAKE_INBOX_PATH}`;
  }

  /** Answers RCPT TO for this address with a 4xx ("try again later"), the next `times` times. */
  deferRecipient(address: string, times = Infinity, code = 450, message = '4.2.1 Mailbox busy, try again later'): void {
    this.rules.set(address.toLowerCase(), { code, message, remaining: times });
  }

  /** Answers RCPT TO for this address with a 5xx ("never"). */
  rejectRecipient(address: string, code = 550, message = '5.1.1 No such user'): void {
    this.rules.set(address.toLowerCase(), { code, message, remaining: Infinity });
  }

  acceptRecipient(address: string): void {
    this.rules.delete(address.toLowerCase());
  }

  to(address: string): ReceivedEmail[] {
    const wanted = address.toLowerCase();
    return this.messages.filter((m) => m.envelopeTo.some((t) => t.toLowerCase() === wanted));
  }

  /** Resolves once at least `count` messages have been accepted in total. */
  waitForCount(count: number, timeoutMs = 30_000): Promise<void> {
    if (this.accepted >= count) return Promise.resolve();
    return new Promise((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`SMTP sink: ${this.accepted} of ${count} messages after ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({
        count,
        resolve: () => {
          clearTimeout(timer);
          ok();
        },
      });
    });
  }

  clear(): void {
    this.messages.length = 0;
    this.perRecipient.clear();
    this.messageIdsPerRecipient.clear();
    this.accepted = 0;
  }

  inbox(): InboxItem[] {
    return this.messages.map((m) => ({
      channel: 'email',
      provider: 'smtp',
      at: m.receivedAt.toISOString(),
      from: m.from,
      to: m.to || m.envelopeTo.join(', '),
      subject: m.subject,
      text: m.text ?? '',
      html: m.html ?? undefined,
      calendar: m.calendar ?? undefined,
    }));
  }

  async stop(): Promise<void> {
    const smtp = this.smtp;
    this.smtp = null;
    if (smtp) await new Promise<void>((ok) => smtp.close(() => ok()));
    const http = this.http;
    this.http = null;
    if (http) {
      http.closeAllConnections();
      await new Promise<void>((ok) => http.close(() => ok()));
    }
  }

  private receive(raw: string, envelopeFrom: string, envelopeTo: string[]): void {
    const parsed = parseMessage(raw);
    const messageId = parsed.headers.get('message-id') ?? '';
    this.accepted++;
    for (const recipient of envelopeTo) {
      const key = recipient.toLowerCase();
      this.perRecipient.set(key, (this.perRecipient.get(key) ?? 0) + 1);
      const ids = this.messageIdsPerRecipient.get(key) ?? new Set<string>();
      ids.add(messageId);
      this.messageIdsPerRecipient.set(key, ids);
    }
    if (this.options.record !== false && this.messages.length < (this.options.recordLimit ?? Infinity)) {
      const headers: Record<string, string> = {};
      for (const [name, values] of parsed.headers.all) headers[name] = values[0];
      this.messages.push({
        seq: this.accepted,
        envelopeFrom,
        envelopeTo,
        from: parsed.headers.get('from') ?? '',
        to: parsed.headers.get('to') ?? '',
        subject: parsed.headers.get('subject') ?? '',
        messageId,
        headers,
        text: parsed.text,
        html: parsed.html,
        calendar: parsed.calendar,
        receivedAt: new Date(),
      });
    }
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      if (this.accepted >= this.waiters[i].count) {
        this.waiters[i].resolve();
        this.waiters.splice(i, 1);
      }
    }
    this.options.onDelivered?.();
  }
}
