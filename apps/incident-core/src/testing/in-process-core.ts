import { Client } from 'pg';
import pino from 'pino';
import { ManualClock } from '@sitrep/clock';
import { loadIncidentCoreConfig } from '../config/incident-core-config';
import { JetStreamBus } from '@sitrep/messaging';
import { RunningService } from '@sitrep/platform';
import { TEST_NATS_URL, TestDatabase, createTestDatabase, deleteNamespaceStreams, testNamespace } from '@sitrep/testing';
import { startIncidentCore } from '../app/start-incident-core';

export const TEST_ADMIN_TOKEN = 'in-process-core-admin-token-0123456789';

export interface Reply<T = Record<string, unknown>> {
  status: number;
  body: T;
}

/**
 * incident-core in the test's own process, on real PostgreSQL and real NATS JetStream, with a manual
 * clock the test moves. Restartable, to show that clocks survive a restart.
 */
export class InProcessCore {
  readonly clock: ManualClock;
  db!: TestDatabase;
  bus!: JetStreamBus;
  /** A connection to the test database, for reading what the service wrote (open between setUp and tearDown). */
  sql!: Client;
  namespace = testNamespace();
  private running: RunningService | null = null;

  constructor(
    start: Date,
    private readonly env: Record<string, string> = {},
  ) {
    this.clock = new ManualClock(start);
  }

  get url(): string {
    if (!this.running) throw new Error('incident-core is not running');
    return this.running.url;
  }

  async setUp(): Promise<void> {
    this.db = await createTestDatabase();
    this.sql = new Client({ connectionString: this.db.url });
    await this.sql.connect();
    this.bus = new JetStreamBus({ servers: TEST_NATS_URL, namespace: this.namespace, replicas: 1, name: this.namespace, logger: pino({ level: 'silent' }) });
    await this.bus.start();
    await this.start();
  }

  async start(): Promise<void> {
    const config = loadIncidentCoreConfig({ DATABASE_URL: this.db.url, NATS_URL: TEST_NATS_URL, SITREP_NAMESPACE: this.namespace, SITREP_ADMIN_TOKEN: TEST_ADMIN_TOKEN, DEADLINE_POLL_MS: '20', HOST: '127.0.0.1', ...this.env });
    this.running = await startIncidentCore({ config, databaseUrl: this.db.url, bus: this.bus, logger: pino({ level: 'silent' }), clock: this.clock, migrateOnStart: true, port: 0 });
  }

  async restart(): Promise<void> {
    await this.running?.stop();
    this.running = null;
    await this.start();
  }

  async tearDown(): Promise<void> {
    await this.running?.stop();
    await this.sql?.end();
    await this.bus?.close();
    await deleteNamespaceStreams(this.namespace);
    await this.db?.drop();
  }

  async call<T = Record<string, unknown>>(method: string, path: string, token: string | null, body?: unknown): Promise<Reply<T>> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    const response = await fetch(`${this.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    const json = response.headers.get('content-type')?.includes('json');
    return { status: response.status, body: (json && text ? JSON.parse(text) : text) as T };
  }

  /** A person on the roster with a token of the given role. */
  async person(key: string, roles: string[], tokenRole: string, onCall = false): Promise<{ id: string; token: string }> {
    const created = await this.call<{ id: string }>('POST', '/api/v1/people', TEST_ADMIN_TOKEN, { name: key, email: `${key.toLowerCase().replace(/\W+/g, '.')}@example.test`, roles, onCall });
    if (created.status !== 201) throw new Error(`could not create ${key}: ${JSON.stringify(created.body)}`);
    const token = await this.call<{ token: string }>('POST', `/api/v1/people/${created.body.id}/tokens`, TEST_ADMIN_TOKEN, { role: tokenRole });
    if (token.status !== 201) throw new Error(`could not issue a token for ${key}: ${JSON.stringify(token.body)}`);
    return { id: created.body.id, token: token.body.token };
  }

  /** Components created by the admin, their ids by name. */
  async components(...names: string[]): Promise<Record<string, string>> {
    const ids: Record<string, string> = {};
    for (const name of names) ids[name] = (await this.call<{ id: string }>('POST', '/api/v1/components', TEST_ADMIN_TOKEN, { name })).body.id;
    return ids;
  }

  /** An Alertmanager integration that puts alerts with each `service` label on its component ({ checkout: componentId }). */
  alertmanager(name: string, componentsByService: Record<string, string> = {}): Promise<Reply<{ id: string; token: string; receiverPath: string }>> {
    const componentMatchers = Object.entries(componentsByService).map(([service, componentId]) => ({ matchers: [`service="${service}"`], componentId }));
    return this.call('POST', '/api/v1/integrations', TEST_ADMIN_TOKEN, { name, kind: 'alertmanager', ...(componentMatchers.length ? { componentMatchers } : {}) });
  }
}
