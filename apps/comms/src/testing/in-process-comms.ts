import { Client } from 'pg';
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { ManualClock } from '@sitrep/clock';
import { loadCommsConfig } from '../config/comms-config';
import { Actor, EventData, EventType, SitrepEvent, createEvent, encodeEvent, eventSubject } from '@sitrep/contracts';
import { JetStreamBus } from '@sitrep/messaging';
import { RunningService } from '@sitrep/platform';
import { TEST_NATS_URL, TestDatabase, createTestDatabase, deleteNamespaceStreams, testNamespace } from '@sitrep/testing';
import { startComms } from '../app/start-comms';

export const TEST_COMMS_ADMIN_TOKEN = 'in-process-comms-admin-token-0123456789';
const CORE: Actor = { kind: 'system', id: 'incident-core' };

export interface Reply<T = Record<string, unknown>> {
  status: number;
  body: T;
}

/**
 * comms in the test's own process on real PostgreSQL and NATS JetStream. The test plays incident-core by
 * publishing its events on the bus, and moves a manual clock.
 */
export class InProcessComms {
  readonly clock: ManualClock;
  db!: TestDatabase;
  bus!: JetStreamBus;
  namespace = testNamespace();
  private running: RunningService | null = null;

  constructor(
    start: Date = new Date(),
    private readonly env: Record<string, string> = {},
  ) {
    this.clock = new ManualClock(start);
  }

  get url(): string {
    if (!this.running) throw new Error('comms is not running');
    return this.running.url;
  }

  async setUp(): Promise<void> {
    this.db = await createTestDatabase();
    this.bus = new JetStreamBus({ servers: TEST_NATS_URL, namespace: this.namespace, replicas: 1, name: this.namespace, logger: pino({ level: 'silent' }) });
    await this.bus.start();
    const config = loadCommsConfig({ DATABASE_URL: this.db.url, NATS_URL: TEST_NATS_URL, SITREP_NAMESPACE: this.namespace, SITREP_ADMIN_TOKEN: TEST_COMMS_ADMIN_TOKEN, HOST: '127.0.0.1', STATUS_PAGE_NAME: 'Acme Status', ...this.env });
    this.running = await startComms({ config, databaseUrl: this.db.url, bus: this.bus, logger: pino({ level: 'silent' }), clock: this.clock, migrateOnStart: true, port: 0 });
  }

  async tearDown(): Promise<void> {
    await this.running?.stop();
    await this.bus?.close();
    await deleteNamespaceStreams(this.namespace);
    await this.db?.drop();
  }

  /** Publishes an event as incident-core would; a fresh message id lets a test redeliver the same event id. */
  async publish<T extends EventType>(type: T, data: EventData<T>, options: { incidentId?: string | null; id?: string; occurredAt?: Date } = {}): Promise<SitrepEvent<T>> {
    const event = createEvent(type, data, { actor: CORE, incidentId: options.incidentId ?? null, id: options.id, occurredAt: options.occurredAt ?? this.clock.now() });
    await this.bus.publish(eventSubject(type), encodeEvent(event), { msgId: randomUUID() });
    return event;
  }

  async call<T = Record<string, unknown>>(method: string, path: string, token: string | null, body?: unknown): Promise<Reply<T>> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    const response = await fetch(`${this.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    const json = response.headers.get('content-type')?.includes('json');
    return { status: response.status, body: (json && text ? JSON.parse(text) : text) as T };
  }

  /** A comms token of the given role, optionally tied to a person. */
  /** A person as incident-core announces them (person.registered): comms' copy of the roster. */
  async registerPerson(id: string, name: string): Promise<void> {
    const client = new Client({ connectionString: this.db.url });
    await client.connect();
    try {
      await client.query(`INSERT INTO comms.people (id, name, email, updated_at) VALUES ($1, $2, $3, now()) ON CONFLICT (id) DO NOTHING`, [id, name, `${id}@example.test`]);
    } finally {
      await client.end();
    }
  }

  /** A comms token; one for a person registers them first, as only people on the roster get one. */
  async token(role: string, label: string, personId?: string): Promise<string> {
    if (personId) await this.registerPerson(personId, label);
    const issued = await this.call<{ token: string }>('POST', '/api/v1/tokens', TEST_COMMS_ADMIN_TOKEN, { role, label, personId });
    if (issued.status !== 201) throw new Error(`could not issue a ${role} token: ${JSON.stringify(issued.body)}`);
    return issued.body.token;
  }
}
