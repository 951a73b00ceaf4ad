import pino from 'pino';
import { Client } from 'pg';
import { JetStreamBus } from '@sitrep/messaging';
import { ServiceProcess, TEST_NATS_URL, TestDatabase, commsProcessEnv, createTestDatabase, deleteNamespaceStreams, freePort, publishEvent, publishedCommunication, seedConfirmedSubscribers, testNamespace, waitFor } from '@sitrep/testing';
import { SmtpSink } from '@sitrep/vendor-fakes';

jest.setTimeout(300_000);

const SUBSCRIBERS = 400;

/**
 * SIGTERM in the middle of a fan-out, with a slow SMTP server: comms stops claiming, finishes the sends in
 * flight and records them before it closes its database. Every message the SMTP server accepted is
 * marked sent when the process has exited, and the restarted process sends nobody a second one.
 */
describe('comms drains on SIGTERM', () => {
  let db: TestDatabase;
  let sql: Client;
  let bus: JetStreamBus;
  const namespace = testNamespace();
  const processes: ServiceProcess[] = [];

  async function startComms(sink: SmtpSink, name: string): Promise<ServiceProcess> {
    const port = await freePort();
    const env = {
      ...commsProcessEnv({ databaseUrl: db.url, namespace, port, smtpUrl: sink.url, adminToken: 'comms-shutdown-admin-token-0123456789' }),
      SITREP_INSTANCE_ID: name,
      DELIVERY_CONCURRENCY: '8',
      // Far longer than the test: a send left unrecorded would not come back by lease expiry and be hidden.
      DELIVERY_LEASE_MS: '600000',
      DELIVERY_POLL_MS: '100',
    };
    const process = new ServiceProcess('apps/comms/src/main.ts', env).start();
    processes.push(process);
    await process.waitReady(`http://127.0.0.1:${port}`, 100_000);
    return process;
  }

  async function deliveryStates(communicationId: string): Promise<Record<string, number>> {
    const rows = (await sql.query<{ state: string; n: number }>(`SELECT state, count(*)::int AS n FROM comms.deliveries WHERE communication_id = $1 GROUP BY state`, [communicationId])).rows;
    return Object.fromEntries(rows.map((r) => [r.state, r.n]));
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    const migration = new ServiceProcess('apps/comms/src/migrate.ts', { DATABASE_URL: db.url, NATS_URL: TEST_NATS_URL, SITREP_NAMESPACE: namespace }).start();
    expect(await migration.exited(100_000)).toBe(0);
    sql = new Client({ connectionString: db.url });
    await sql.connect();
    await seedConfirmedSubscribers(sql, 'email', SUBSCRIBERS, { domain: 'drain.example' });
    bus = new JetStreamBus({ servers: TEST_NATS_URL, namespace, replicas: 1, name: `${namespace}-test`, logger: pino({ level: 'silent' }) });
    await bus.start();
  }, 200_000);

  afterAll(async () => {
    await Promise.all(processes.splice(0).map((p) => p.stop('SIGKILL')));
    await bus?.close();
    await deleteNamespaceStreams(namespace);
    await sql?.end();
    await db?.drop();
  });

  it('records every send it made before exiting, and nothing goes out twice after the restart', async () => {
    const sink = await new SmtpSink({ record: false, acceptDelayMs: 250 }).start();
    try {
      const first = await startComms(sink, 'comms-drain-a');
      const event = publishedCommunication(['email']);
      const { communicationId } = event.data;
      await publishEvent(bus, event);
      await sink.waitForCount(40, 120_000);

      expect(await first.stop('SIGTERM')).toBe(0);
      const accepted = sink.accepted;
      expect(accepted).toBeLessThan(SUBSCRIBERS);
      expect(first.output).not.toContain('could not record delivery outcomes');
      // Every message the SMTP server answered 250 is on the ledger as sent; nothing is left mid-send.
      const atExit = await deliveryStates(communicationId);
      expect(atExit.sent).toBe(accepted);
      expect(atExit.sending ?? 0).toBe(0);

      await startComms(sink, 'comms-drain-b');
      await waitFor(async () => (await deliveryStates(communicationId)).sent === SUBSCRIBERS, { what: 'every delivery sent after the restart', timeoutMs: 150_000, intervalMs: 500 });
      const twice = [...sink.perRecipient.entries()].filter(([, n]) => n !== 1);
      expect(twice).toEqual([]);
      expect(sink.perRecipient.size).toBe(SUBSCRIBERS);
    } finally {
      await Promise.all(processes.splice(0).map((p) => p.stop('SIGKILL')));
      await sink.stop();
    }
  });
});
