import { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the vendor would have received it: nothing is normalised away. */
export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** The body's fields when it was form-encoded (application/x-www-form-urlencoded). */
  form: Record<string, string>;
  /** The body when it was JSON, else undefined. */
  json: unknown;
  receivedAt: Date;
}

export interface FakeResponse {
  status: number;
  headers?: Record<string, string>;
  body: unknown;
}

/**
 * What a fake has delivered, in one shape for every channel: what the dev inbox shows. Served as JSON by
 * every fake at GET /_fake/inbox (the SMTP sink serves it on an HTTP port of its own), the way MailHog
 * and Mailpit expose what they caught.
 */
export interface InboxItem {
  channel: 'email' | 'sms' | 'slack';
  provider: string;
  at: string;
  from: string;
  to: string;
  subject?: string;
  text: string;
  html?: string;
  /** An email's text/calendar part (an invitation). */
  calendar?: string;
}

export const FAKE_INBOX_PATH = '/_fake/inbox';

export interface HttpFakeOptions {
  /** Keep every request (default). Off for benchmarks that send 100,000 messages. */
  record?: boolean;
  /** Called once each request is answered: what inbox() returns may have changed (the launcher keeps it on disk). */
  onDelivered?: () => void;
}

/** Base of the HTTP vendor fakes: a real HTTP server on 127.0.0.1 that records what it was sent. */
export abstract class HttpFake {
  readonly requests: RecordedRequest[] = [];
  /** Every request, recorded or not. */
  requestCount = 0;
  private server: Server | null = null;
  private address: string | null = null;

  constructor(protected readonly fakeOptions: HttpFakeOptions = {}) {}

  async start(port = 0, host = '127.0.0.1'): Promise<this> {
    const server = createServer((req, res) => void this.serve(req, res));
    server.keepAliveTimeout = 30_000;
    await new Promise<void>((ok, fail) => {
      server.once('error', fail);
      server.listen(port, host, () => ok());
    });
    this.server = server;
    const { port: actual } = server.address() as AddressInfo;
    this.address = `http://${host}:${actual}`;
    return this;
  }

  get url(): string {
    if (!this.address) throw new Error(`${this.constructor.name} is not started`);
    return this.address;
  }

  /** URL of the JSON list of what this fake delivered (for the dev inbox). */
  get inboxUrl(): string {
    return `${this.url}${FAKE_INBOX_PATH}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((ok) => server.close(() => ok()));
  }

  /** Forgets recorded requests (not the fake's state, such as Slack channels). */
  clearRequests(): void {
    this.requests.length = 0;
    this.requestCount = 0;
  }

  protected abstract route(request: RecordedRequest): FakeResponse | Promise<FakeResponse>;

  /** What this fake has delivered, newest last. */
  abstract inbox(): InboxItem[];

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const parsedUrl = new URL(req.url ?? '/', 'http://fake');
    if (req.method === 'GET' && parsedUrl.pathname === FAKE_INBOX_PATH) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ items: this.inbox() }));
      return;
    }
    const contentType = String(req.headers['content-type'] ?? '');
    let json: unknown = undefined;
    let form: Record<string, string> = {};
    if (contentType.includes('application/json') && rawBody) {
      try {
        json = JSON.parse(rawBody);
      } catch {
        json = undefined;
      }
    } else if (contentType.includes('application/x-www-form-urlencoded')) {
      form = Object.fromEntries(new URLSearchParams(rawBody));
    }
    const request: RecordedRequest = {
      method: req.method ?? 'GET',
      path: parsedUrl.pathname,
      query: Object.fromEntries(parsedUrl.searchParams),
      headers: req.headers,
      rawBody,
      form,
      json,
      receivedAt: new Date(),
    };
    this.requestCount++;
    if (this.fakeOptions.record !== false) this.requests.push(request);
    let response: FakeResponse;
    try {
      response = await this.route(request);
    } catch (error) {
      response = { status: 500, body: { error: (error as Error).message } };
    }
    const body = typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
    res.writeHead(response.status, { 'content-type': 'application/json; charset=utf-8', ...(response.headers ?? {}) });
    res.end(body);
    this.fakeOptions.onDelivered?.();
  }
}

/** Parses "Authorization: Basic ..." into user and password, or null. */
export function basicCredentials(headers: IncomingHttpHeaders): { user: string; password: string } | null {
  const header = headers.authorization;
  const match = typeof header === 'string' ? /^Basic\s+(\S+)$/i.exec(header) : null;
  if (!match) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** A programmed failure: how many more requests it applies to, and what to answer. */
export interface ScriptedFailure {
  remaining: number;
  status: number;
  retryAfterSeconds?: number;
  /** Only requests whose recipient is this one (E.164 for SMS, a channel for Slack). */
  recipient?: string;
  /** Only this API method (Slack). */
  method?: string;
}

/** Takes the first matching scripted failure, counting it down. */
export function takeFailure(failures: ScriptedFailure[], recipient: string | undefined, method?: string): ScriptedFailure | null {
  const index = failures.findIndex((f) => f.remaining > 0 && (!f.recipient || f.recipient === recipient) && (!f.method || f.method === method));
  if (index < 0) return null;
  const failure = failures[index];
  failure.remaining--;
  if (failure.remaining <= 0) failures.splice(index, 1);
  return failure;
}
