import pino from 'pino';
import { Client } from 'pg';
import { systemClock } from '@sitrep/clock';
import { loadCommsConfig } from '../config/comms-config';
import { SitrepEvent } from '@sitrep/contracts';
import { JetStreamBus } from '@sitrep/messaging';
import { RunningService } from '@sitrep/platform';
import { TEST_NATS_URL, TestDatabase, createTestDatabase, deleteNamespaceStreams, freePort, publishEvent, testNamespace } from '@sitrep/testing';
import { SlackFake, SmtpSink, TwilioFake, VonageFake } from '@sitrep/vendor-fakes';
import { startComms } from '../app/start-comms';

export const COMMS_ADMIN_TOKEN = 'comms-with-fakes-admin-token-0123456789';

export interface Reply<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

/**
 * comms in the test's own process on real PostgreSQL and real NATS JetStream, its channels pointed at the
 * fakes (SMTP sink, Twilio, Vonage, Slack) started here. Events are published on the bus as incident-core
 * would publish them.
 */
export class CommsWithFakes {
  db!: TestDatabase;
  bus!: JetStreamBus;
  readonly namespace = testNamespace();
  readonly smtp = new SmtpSink({ inboxApi: true });
  readonly twilio = new TwilioFake();
  readonly vonage = new VonageFake();
  readonly slack = new SlackFake();
  sql!: Client;
  port = 0;
  private running: RunningService | null = null;

  constructor(private readonly env: Record<string, string> = {}) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async setUp(): Promise<void> {
    this.db = await createTestDatabase();
    await Promise.all([this.smtp.start(), this.twilio.start(), this.vonage.start(), this.slack.start()]);
    this.bus = new JetStreamBus({ servers: TEST_NATS_URL, namespace: this.namespace, replicas: 1, name: this.namespace, logger: pino({ level: 'silent' }) });
    await this.bus.start();
    this.port = await freePort();
    await this.start();
    this.sql = new Client({ connectionString: this.db.url });
    await this.sql.connect();
  }

  /** Environment of this comms: the fakes' URLs and credentials, fast polls, generous public limits. */
  envVars(): Record<string, string> {
    return {
      DATABASE_URL: this.db.url,
      NATS_URL: TEST_NATS_URL,
      SITREP_NAMESPACE: this.namespace,
      SITREP_ADMIN_TOKEN: COMMS_ADMIN_TOKEN,
      HOST: '127.0.0.1',
      COMMS_PORT: String(this.port),
      COMMS_PUBLIC_URL: this.url,
      STATUS_PAGE_NAME: 'Acme Status',
      SMTP_URL: this.smtp.url,
      SMTP_FROM: 'Acme Status <status@acme.example>',
      TWILIO_API_URL: this.twilio.url,
      TWILIO_ACCOUNT_SID: this.twilio.accountSid,
      TWILIO_AUTH_TOKEN: this.twilio.authToken,
      TWILIO_FROM: '+15005550006',
      SMS_FALLBACK_API_URL: this.vonage.url,
      SMS_FALLBACK_API_KEY: this.vonage.apiKey,
      SMS_FALLBACK_API_SECRET: this.vonage.apiSecret,
      SMS_FALLBACK_FROM: 'AcmeStatus',
      SLACK_API_URL: this.slack.apiUrl,
      SLACK_BOT_TOKEN: this.slack.botToken,
      SLACK_SIGNING_SECRET: this.slack.signingSecret,
      DELIVERY_POLL_MS: '50',
      SUBSCRIBE_PER_IP_PER_HOUR: '1000',
      SUBSCRIBE_PER_DESTINATION_PER_HOUR: '20',
      DEV_INBOX_SOURCES: [this.smtp.inboxUrl, this.twilio.inboxUrl, this.vonage.inboxUrl, this.slack.inboxUrl].join(','),
      ...this.env,
    };
  }

  async start(): Promise<void> {
    const config = loadCommsConfig(this.envVars());
    this.running = await startComms({ config, databaseUrl: this.db.url, bus: this.bus, logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }), clock: systemClock, migrateOnStart: true, port: this.port });
  }

  async stop(): Promise<void> {
    await this.running?.stop();
    this.running = null;
  }

  async tearDown(): Promise<void> {
    await this.running?.stop();
    await this.sql?.end();
    await this.bus?.close();
    await deleteNamespaceStreams(this.namespace);
    await Promise.all([this.smtp.stop(), this.twilio.stop(), this.vonage.stop(), this.slack.stop()]);
    await this.db?.drop();
  }

  async publish(event: SitrepEvent): Promise<void> {
    await publishEvent(this.bus, event);
  }

  async query<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
    return (await this.sql.query(text, params)).rows as T[];
  }

  async call<T = Record<string, unknown>>(method: string, path: string, options: { token?: string | null; json?: unknown; form?: Record<string, string>; headers?: Record<string, string> } = {}): Promise<Reply<T>> {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = typeof options.json === 'string' ? options.json : JSON.stringify(options.json);
    } else if (options.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(options.form).toString();
    }
    const response = await fetch(`${this.url}${path}`, { method, headers, body });
    const text = await response.text();
    const json = response.headers.get('content-type')?.includes('json');
    return { status: response.status, body: (json && text ? JSON.parse(text) : text) as T, headers: response.headers };
  }
}
