import { connect } from 'nats';
import pino from 'pino';
import { DataSource } from 'typeorm';
import { SitrepEvent, createEvent, eventSubject } from '@sitrep/contracts';
import { AppMetrics } from '@sitrep/observability';
import { TEST_NATS_URL, TestDatabase, createTestDatabase, deleteNamespaceStreams, testNamespace, waitFor } from '@sitrep/testing';
import { EventBus, Subscription } from './event-bus';
import { EventHandler, startConsumer } from './event-consumer';
import { handleOnce, inboxTableSql } from './inbox';
import { InProcessBus } from './in-process-bus';
import { JetStreamBus } from './jetstream-bus';
import { appendToOutbox, outboxTableSql } from './outbox';
import { OutboxRelay } from './outbox-relay';
import { listDeadLetters, replayDeadLetter } from './dead-letters';

const logger = pino({ level: 'silent' });
const actor = { kind: 'system' as const, id: 'test' };
const SCHEMA = 'svc';

function componentEvent(name: string): SitrepEvent {
  const now = new Date().toISOString();
  return createEvent(
    'component.created',
    { component: { id: crypto.randomUUID(), name, description: null, group: null, status: 'operational', position: 0, createdAt: now, updatedAt: now } },
    { actor },
  );
}

type BusKind = 'jetstream' | 'in-process';

describe.each<BusKind>(['jetstream', 'in-process'])('the event backbone on the %s bus', (kind) => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let bus: EventBus;
  let namespace: string;
  let metrics: AppMetrics;
  const subscriptions: Subscription[] = [];
  const relays: OutboxRelay[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = new DataSource({ type: 'postgres', url: db.url });
    await dataSource.initialize();
    await dataSource.query(`CREATE SCHEMA ${SCHEMA}`);
    for (const sql of outboxTableSql(SCHEMA)) await dataSource.query(sql);
    await dataSource.query(inboxTableSql(SCHEMA));
    await dataSource.query(`CREATE TABLE ${SCHEMA}.effects (event_id uuid NOT NULL, consumer text NOT NULL)`);
  });

  beforeEach(async () => {
    namespace = testNamespace();
    metrics = new AppMetrics(`test-${namespace}`);
    bus =
      kind === 'jetstream'
        ? new JetStreamBus({ servers: TEST_NATS_URL, namespace, replicas: 1, name: namespace, logger, ackWaitMs: 2_000 })
        : new InProcessBus({ databaseUrl: db.url, logger, pollMs: 200 });
    await bus.start();
    await dataSource.query(`TRUNCATE ${SCHEMA}.outbox, ${SCHEMA}.inbox, ${SCHEMA}.effects`);
    if (kind === 'in-process') await dataSource.query(`TRUNCATE bus.messages, bus.cursors`);
  });

  afterEach(async () => {
    for (const r of relays.splice(0)) await r.stop();
    for (const s of subscriptions.splice(0)) await s.drain();
    await bus.close();
    if (kind === 'jetstream') {
      await deleteNamespaceStreams(namespace);
    }
  });

  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  function relay(): OutboxRelay {
    const r = new OutboxRelay({ dataSource, schema: SCHEMA, bus, logger, metrics, listenUrl: db.url, pollMs: 200, leaseMs: 500 });
    relays.push(r);
    return r;
  }

  async function consume(handler: Omit<EventHandler, 'kind' | 'filter' | 'types'> & Partial<EventHandler>, maxDeliveries = 3): Promise<Subscription> {
    const s = await startConsumer(
      { kind: 'durable', filter: 'events.>', types: ['component.created', 'incident.declared'], ...handler },
      { bus, logger, metrics, retry: { maxDeliveries, backoffMs: [50] } },
    );
    subscriptions.push(s);
    return s;
  }

  async function effects(consumer: string): Promise<string[]> {
    const rows: { event_id: string }[] = await dataSource.query(`SELECT event_id FROM ${SCHEMA}.effects WHERE consumer = $1`, [consumer]);
    return rows.map((r) => r.event_id);
  }

  const recordingHandler = (consumer: string) => ({
    consumer,
    handle: async (event: SitrepEvent) => {
      await handleOnce(dataSource, SCHEMA, consumer, event.id, (m) => m.query(`INSERT INTO ${SCHEMA}.effects VALUES ($1, $2)`, [event.id, consumer]).then(() => undefined));
    },
  });

  it('publishes each committed outbox event once, and never one whose transaction rolled back', async () => {
    const committed: string[] = [];
    for (let i = 0; i < 20; i++) {
      const event = componentEvent(`c${i}`);
      await dataSource.transaction((m) => appendToOutbox(m, SCHEMA, event));
      committed.push(event.id);
    }
    const doomed = componentEvent('rolled back');
    await expect(
      dataSource.transaction(async (m) => {
        await appendToOutbox(m, SCHEMA, doomed);
        throw new Error('state change failed');
      }),
    ).rejects.toThrow('state change failed');

    await consume(recordingHandler('a'));
    await consume(recordingHandler('b'));
    await relay().start();

    await waitFor(async () => (await effects('a')).length === 20 && (await effects('b')).length === 20, { what: 'both consumers to see 20 events' });
    expect((await effects('a')).sort()).toEqual([...committed].sort());
    expect(await effects('a')).not.toContain(doomed.id);
    const [{ unpublished }] = await dataSource.query(`SELECT count(*)::int AS unpublished FROM ${SCHEMA}.outbox WHERE published_at IS NULL`);
    expect(unpublished).toBe(0);
  });

  it('listens again when its LISTEN connection is cut (PostgreSQL restarted), instead of waiting out its poll for every event', async () => {
    // A poll of a minute: within the test, only a notification can wake the relay.
    const r = new OutboxRelay({ dataSource, schema: SCHEMA, bus, logger, metrics, listenUrl: db.url, pollMs: 60_000, leaseMs: 500 });
    relays.push(r);
    await consume(recordingHandler('after-cut'));
    await r.start();
    const listeners = async (): Promise<number[]> => {
      const rows: { pid: number }[] = await dataSource.query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query = $1`, [`LISTEN ${SCHEMA}_outbox`]);
      return rows.map((row) => row.pid);
    };
    const [first] = await waitFor(async () => ((await listeners()).length === 1 ? listeners() : undefined), { what: 'the relay to listen' });
    await dataSource.query(`SELECT pg_terminate_backend($1)`, [first]);
    await waitFor(async () => (await listeners()).some((pid) => pid !== first), { what: 'the relay to listen again', timeoutMs: 15_000 });

    const event = componentEvent('after the cut');
    await dataSource.transaction((m) => appendToOutbox(m, SCHEMA, event));
    await waitFor(async () => (await effects('after-cut')).includes(event.id), { what: 'the event published on the notification', timeoutMs: 15_000 });
  });

  it('republishes a row whose relay died after the publish and before marking it, and the effect still happens once', async () => {
    const event = componentEvent('half-published');
    await dataSource.transaction((m) => appendToOutbox(m, SCHEMA, event));
    // The dying relay got as far as the publish.
    await bus.publish(eventSubject(event.type), Buffer.from(JSON.stringify(event)), { msgId: event.id });

    await consume(recordingHandler('once'));
    await relay().start();
    await waitFor(async () => {
      const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM ${SCHEMA}.outbox WHERE published_at IS NOT NULL`);
      return n === 1;
    }, { what: 'the relay to mark the row' });
    await waitFor(async () => (await effects('once')).length === 1, { what: 'the effect' });
    // Give a duplicate every chance to arrive before checking it did not.
    await new Promise((ok) => setTimeout(ok, 500));
    expect(await effects('once')).toEqual([event.id]);
  });

  it('redelivers an event whose ack was lost, and its effect happens once', async () => {
    const deliveries: number[] = [];
    const inner = recordingHandler('redelivered');
    await consume({
      consumer: 'redelivered',
      handle: async (event) => {
        await inner.handle(event);
        deliveries.push(Date.now());
        // The effect committed, but the process "dies" before the ack on the first delivery.
        if (deliveries.length === 1) throw new Error('lost the ack');
      },
    });
    const event = componentEvent('redelivered');
    await dataSource.transaction((m) => appendToOutbox(m, SCHEMA, event));
    await relay().start();
    await waitFor(() => deliveries.length >= 2, { what: 'a redelivery' });
    expect(await effects('redelivered')).toEqual([event.id]);
  });

  it('moves an invalid event to the dead letters, where it is listed with the reason', async () => {
    const handled: string[] = [];
    await consume({ consumer: 'strict', handle: async (event) => void handled.push(event.id) });
    await bus.publish('events.component.created', Buffer.from(JSON.stringify({ id: 'nope', type: 'component.created' })), { msgId: 'bad-1' });
    const good = componentEvent('after the bad one');
    await bus.publish(eventSubject(good.type), Buffer.from(JSON.stringify(good)), { msgId: good.id });

    await waitFor(() => handled.includes(good.id), { what: 'the good event after the bad one' });
    const letters = await waitFor(async () => {
      const all = await listDeadLetters(bus);
      return all.length > 0 ? all : undefined;
    }, { what: 'a dead letter' });
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ consumer: 'strict', originalSubject: 'events.component.created', reason: 'invalid', deliveries: 1 });
    expect(letters[0].error).toContain('invalid envelope');
    expect(await metrics.deadLetters.get()).toMatchObject({ values: [expect.objectContaining({ value: 1, labels: { consumer: 'strict', reason: 'invalid' } })] });
  });

  it('gives up on an event that keeps failing, and handles it once it is replayed after the fix', async () => {
    let broken = true;
    const inner = recordingHandler('flaky');
    await consume({ consumer: 'flaky', handle: async (event) => {
      if (broken) throw new Error('downstream unavailable');
      await inner.handle(event);
    } }, 2);
    const event = componentEvent('poison for now');
    await dataSource.transaction((m) => appendToOutbox(m, SCHEMA, event));
    await relay().start();

    const [letter] = await waitFor(async () => {
      const all = await listDeadLetters(bus);
      return all.length > 0 ? all : undefined;
    }, { what: 'the dead letter' });
    expect(letter).toMatchObject({ consumer: 'flaky', reason: 'failed', deliveries: 2, error: 'downstream unavailable' });
    expect(await effects('flaky')).toEqual([]);

    broken = false;
    await replayDeadLetter(bus, letter.sequence);
    await waitFor(async () => (await effects('flaky')).length === 1, { what: 'the replayed event' });
    expect(await listDeadLetters(bus)).toEqual([]);
  });

  it('lets a replay subscription read the whole stream and say when it has caught up', async () => {
    const events = [componentEvent('one'), componentEvent('two'), componentEvent('three')];
    for (const e of events) await bus.publish(eventSubject(e.type), Buffer.from(JSON.stringify(e)), { msgId: e.id });
    const seen: string[] = [];
    const s = await startConsumer(
      { consumer: `replay-${namespace}`, kind: 'replay', filter: 'events.>', types: ['component.created'], handle: async (e) => void seen.push(e.id) },
      { bus, logger, metrics, retry: { maxDeliveries: 3, backoffMs: [50] } },
    );
    subscriptions.push(s);
    await s.caughtUp;
    expect(seen).toEqual(events.map((e) => e.id));
  });

  it('reports a replay subscription caught up when nothing on the stream matches its filter', async () => {
    const other = componentEvent('not for this filter');
    await bus.publish(eventSubject(other.type), Buffer.from(JSON.stringify(other)), { msgId: other.id });
    const s = await startConsumer(
      { consumer: `replay-empty-${namespace}`, kind: 'replay', filter: 'events.maintenance.>', types: ['maintenance.scheduled'], handle: async () => undefined },
      { bus, logger, metrics, retry: { maxDeliveries: 3, backoffMs: [50] } },
    );
    subscriptions.push(s);
    await expect(s.caughtUp).resolves.toBeUndefined();
  });
});

describe.each<BusKind>(['jetstream', 'in-process'])('request/reply on the %s bus', (kind) => {
  let db: TestDatabase | undefined;
  const buses: EventBus[] = [];
  let namespace: string;

  beforeAll(async () => {
    if (kind === 'in-process') db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });
  beforeEach(() => {
    namespace = testNamespace();
  });
  afterEach(async () => {
    for (const b of buses.splice(0)) await b.close();
  });

  /** Two handles on one broker, as two services (or two replicas) would have. */
  async function connectBus(): Promise<EventBus> {
    if (kind === 'in-process' && buses.length > 0) return buses[0];
    const bus =
      kind === 'jetstream'
        ? new JetStreamBus({ servers: TEST_NATS_URL, namespace, replicas: 1, name: `${namespace}-${buses.length}`, logger })
        : new InProcessBus({ databaseUrl: db!.url, logger, pollMs: 200 });
    await bus.start();
    buses.push(bus);
    return bus;
  }
  const text = (s: string) => new TextEncoder().encode(s);
  const read = (b: Uint8Array) => new TextDecoder().decode(b);

  it('answers a request with what the server replied, on a subject relative to the namespace', async () => {
    const server = await connectBus();
    const client = await connectBus();
    await server.serve('commands.echo', async (data) => text(`echo: ${read(data)}`));
    expect(read(await client.request('commands.echo', text('hello'), 2_000))).toBe('echo: hello');
    if (kind === 'jetstream') {
      // The namespace keeps deployments apart: the absolute subject is prefixed.
      const nc = await connect({ servers: TEST_NATS_URL });
      const reply = await nc.request(`${namespace}.commands.echo`, text('raw'), { timeout: 2_000 });
      expect(read(reply.data)).toBe('echo: raw');
      await nc.close();
    }
  });

  it('rejects at once when nobody serves the subject', async () => {
    const client = await connectBus();
    await expect(client.request('commands.nobody', text('x'), 5_000)).rejects.toMatchObject({ name: 'RequestFailedError', reason: 'no_responders' });
  });

  it('rejects with a timeout when the server does not answer in time, and when its handler throws', async () => {
    const server = await connectBus();
    const client = await connectBus();
    await server.serve('commands.slow', () => new Promise((ok) => setTimeout(() => ok(text('late')), 1_000)));
    await server.serve('commands.broken', async () => {
      throw new Error('handler bug');
    });
    await expect(client.request('commands.slow', text('x'), 100)).rejects.toMatchObject({ name: 'RequestFailedError', reason: 'timeout' });
    await expect(client.request('commands.broken', text('x'), 300)).rejects.toMatchObject({ name: 'RequestFailedError', reason: 'timeout' });
  });

  it('shares requests between the replicas serving a subject, each answered once', async () => {
    const replicaA = await connectBus();
    const replicaB = await connectBus();
    const client = await connectBus();
    const handledBy: string[] = [];
    await replicaA.serve('commands.shared', async () => (handledBy.push('a'), text('a')));
    await replicaB.serve('commands.shared', async () => (handledBy.push('b'), text('b')));
    const replies = await Promise.all(Array.from({ length: 40 }, () => client.request('commands.shared', text('x'), 2_000).then(read)));
    expect(handledBy).toHaveLength(40);
    expect(replies.sort()).toEqual([...handledBy].sort());
    expect(new Set(handledBy)).toEqual(new Set(['a', 'b']));
  });

  it('stops answering once stopped', async () => {
    const server = await connectBus();
    const client = await connectBus();
    const responder = await server.serve('commands.stopping', async () => text('here'));
    expect(read(await client.request('commands.stopping', text('x'), 2_000))).toBe('here');
    await responder.stop();
    await expect(client.request('commands.stopping', text('x'), 500)).rejects.toMatchObject({ name: 'RequestFailedError', reason: 'no_responders' });
  });
});
