import pino from 'pino';
import { Client } from 'pg';
import { JetStreamBus } from '@sitrep/messaging';
import { ServiceProcess, TEST_NATS_URL, TestDatabase, commsProcessEnv, createTestDatabase, deleteNamespaceStreams, freePort, testNamespace } from '@sitrep/testing';
import { SmtpSink } from '@sitrep/vendor-fakes';

/**
 * What the comms fan-out system tests share: comms' schema migrated into a database of its own, a SQL
 * client and a JetStream bus on the test's namespace, and comms processes started against them (sending
 * email to the test's SMTP sink), all removed again by `tearDown`.
 */
export class CommsUnderTest {
  readonly namespace = testNamespace();
  db!: TestDatabase;
  sql!: Client;
  bus!: JetStreamBus;
  private readonly processes: ServiceProcess[] = [];

  constructor(private readonly adminToken: string) {}

  async setUp(migrationTimeoutMs: number): Promise<void> {
    this.db = await createTestDatabase();
    const migration = new ServiceProcess('apps/comms/src/migrate.ts', { DATABASE_URL: this.db.url, NATS_URL: TEST_NATS_URL, SITREP_NAMESPACE: this.namespace }).start();
    const code = await migration.exited(migrationTimeoutMs);
    if (code !== 0) throw new Error(`comms' migration exited with ${code}`);
    this.sql = new Client({ connectionString: this.db.url });
    await this.sql.connect();
    this.bus = new JetStreamBus({ servers: TEST_NATS_URL, namespace: this.namespace, replicas: 1, name: `${this.namespace}-test`, logger: pino({ level: 'silent' }) });
    await this.bus.start();
  }

  /** A comms process named `name` (its SITREP_INSTANCE_ID), ready to serve, with the given settings on top. */
  async startComms(sink: SmtpSink, name: string, settings: Record<string, string>, readyTimeoutMs: number): Promise<ServiceProcess> {
    const port = await freePort();
    const env = { ...commsProcessEnv({ databaseUrl: this.db.url, namespace: this.namespace, port, smtpUrl: sink.url, adminToken: this.adminToken }), SITREP_INSTANCE_ID: name, ...settings };
    const process = new ServiceProcess('apps/comms/src/main.ts', env).start();
    this.processes.push(process);
    await process.waitReady(`http://127.0.0.1:${port}`, readyTimeoutMs);
    return process;
  }

  /** Kills every comms process started so far: a survivor would keep claiming the next test's rows. */
  async killComms(): Promise<void> {
    await Promise.all(this.processes.splice(0).map((p) => p.stop('SIGKILL')));
  }

  /** How many of a communication's delivery rows are in each state. */
  async deliveryStates(communicationId: string): Promise<Record<string, number>> {
    const rows = (await this.sql.query<{ state: string; n: number }>(`SELECT state, count(*)::int AS n FROM comms.deliveries WHERE communication_id = $1 GROUP BY state`, [communicationId])).rows;
    return Object.fromEntries(rows.map((r) => [r.state, r.n]));
  }

  async tearDown(): Promise<void> {
    await this.killComms();
    await this.bus?.close();
    await deleteNamespaceStreams(this.namespace);
    await this.sql?.end();
    await this.db?.drop();
  }
}
