/**
 * Propagation in the distributed setup: POST a component to incident-core (its own process) and time
 * until status-page (another process) lists it in summary.json; and the outbox relay's publish rate.
 * Baselines, measured in the same run against the same NATS server: a bare JetStream publish ->
 * durable pull consume round trip, and bare sequential JetStream publishes.
 *
 *   npm run bench:propagation            (BENCH_N=300 by default; needs PostgreSQL and NATS as for npm test)
 */
import { randomUUID } from 'node:crypto';
import { AckPolicy, DeliverPolicy, connect } from 'nats';
import { Client } from 'pg';
import pino from 'pino';
import { DataSource } from 'typeorm';
import { JetStreamBus, OutboxRelay } from '@sitrep/messaging';
import { AppMetrics } from '@sitrep/observability';
import { TEST_NATS_URL, waitFor } from '@sitrep/testing';
import { ADMIN_TOKEN, startDistributedCluster } from '../../test/support/distributed-cluster';
import { describe as summarise, percentile } from './stats';

const N = Number(process.env.BENCH_N ?? 300);
const RELAY_EVENTS = Number(process.env.BENCH_RELAY_EVENTS ?? 2000);
const log = (text: string) => process.stderr.write(`${text}\n`);

async function bareJetStream(): Promise<{ roundTrips: number[]; publishPerSecond: number }> {
  const nc = await connect({ servers: TEST_NATS_URL });
  const jsm = await nc.jetstreamManager();
  const js = nc.jetstream();
  const stream = `BENCH_${randomUUID().slice(0, 8).toUpperCase()}`;
  const subject = `${stream.toLowerCase()}.x`;
  await jsm.streams.add({ name: stream, subjects: [`${stream.toLowerCase()}.>`] });
  await jsm.consumers.add(stream, { durable_name: 'bench', ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.All });
  const consumer = await js.consumers.get(stream, 'bench');
  const messages = await consumer.consume({ max_messages: 256 });
  const waiting = new Map<string, () => void>();
  void (async () => {
    for await (const m of messages) {
      waiting.get(m.string())?.();
      m.ack();
    }
  })();
  const roundTrips: number[] = [];
  for (let i = 0; i < N; i++) {
    const id = randomUUID();
    const arrived = new Promise<void>((ok) => waiting.set(id, ok));
    const t0 = performance.now();
    await js.publish(subject, Buffer.from(id), { msgID: id });
    await arrived;
    roundTrips.push(performance.now() - t0);
    waiting.delete(id);
  }
  // Published as the relay does: batches of 100 in flight, all acks awaited per batch.
  const t0 = performance.now();
  for (let i = 0; i < RELAY_EVENTS; i += 100) {
    await Promise.all(Array.from({ length: Math.min(100, RELAY_EVENTS - i) }, (_, j) => js.publish(subject, Buffer.from(`p${i + j}`), { msgID: randomUUID() })));
  }
  const publishPerSecond = RELAY_EVENTS / ((performance.now() - t0) / 1000);
  await messages.close();
  await jsm.streams.delete(stream);
  await nc.close();
  return { roundTrips, publishPerSecond };
}

async function main(): Promise<void> {
  log(`bench/propagation: N=${N}, relay events=${RELAY_EVENTS}, NATS ${TEST_NATS_URL}`);
  log('1/4 baseline: bare JetStream publish -> consume …');
  const bare = await bareJetStream();

  log('2/4 starting incident-core, comms and status-page as separate processes …');
  const cluster = await startDistributedCluster(TEST_NATS_URL, { LOG_LEVEL: 'error' });
  try {
    const headers = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };
    const summaryHas = async (id: string) => {
      const response = await fetch(`${cluster.urls.statusPage}/api/v2/summary.json`);
      return (await response.text()).includes(id);
    };
    log(`3/4 measuring POST -> visible in summary.json, ${N} components …`);
    const propagation: number[] = [];
    for (let i = 0; i < N; i++) {
      const t0 = performance.now();
      const response = await fetch(`${cluster.urls.core}/api/v1/components`, { method: 'POST', headers, body: JSON.stringify({ name: `bench ${i}` }) });
      const { id } = (await response.json()) as { id: string };
      await waitFor(() => summaryHas(id), { intervalMs: 1, timeoutMs: 10_000, what: `component ${i}` });
      propagation.push(performance.now() - t0);
      if ((i + 1) % 50 === 0) log(`   ${i + 1}/${N}`);
    }

    log(`4/4 relay throughput: ${RELAY_EVENTS} outbox rows written with incident-core stopped, then drained by a relay in this process …`);
    await cluster.core.stop('SIGTERM');
    const db = new Client({ connectionString: cluster.db.url });
    await db.connect();
    const now = new Date().toISOString();
    for (let i = 0; i < RELAY_EVENTS; i += 500) {
      const values: string[] = [];
      const params: unknown[] = [];
      for (let j = i; j < Math.min(i + 500, RELAY_EVENTS); j++) {
        const id = randomUUID();
        const component = { id: randomUUID(), name: `relay ${j}`, description: null, group: null, status: 'operational', position: j, createdAt: now, updatedAt: now };
        const event = { id, type: 'component.created', schemaVersion: 1, occurredAt: now, actor: { kind: 'system', id: 'bench' }, incidentId: null, data: { component } };
        params.push(id, 'events.component.created', JSON.stringify(event));
        values.push(`($${params.length - 2}, $${params.length - 1}, $${params.length})`);
      }
      await db.query(`INSERT INTO core.outbox (id, subject, event) VALUES ${values.join(', ')}`, params);
    }
    const logger = pino({ level: 'silent' });
    const bus = new JetStreamBus({ servers: TEST_NATS_URL, namespace: cluster.namespace, replicas: 1, name: 'bench-relay', logger });
    await bus.start();
    const dataSource = new DataSource({ type: 'postgres', url: cluster.db.url });
    await dataSource.initialize();
    const relay = new OutboxRelay({ dataSource, schema: 'core', bus, logger, metrics: new AppMetrics('bench') });
    const t0 = performance.now();
    while ((await relay.drainOnce()) > 0);
    const relaySeconds = (performance.now() - t0) / 1000;
    const [{ n: left }] = (await db.query(`SELECT count(*)::int AS n FROM core.outbox WHERE published_at IS NULL`)).rows;
    if (left !== 0) throw new Error(`${left} outbox rows left unpublished`);
    await dataSource.destroy();
    await bus.close();
    await db.end();
    const relayPerSecond = RELAY_EVENTS / relaySeconds;

    const lines = [
      '',
      'bench/propagation (distributed: three processes, PostgreSQL, NATS JetStream)',
      `  baseline  bare JetStream publish -> consume round trip: ${summarise(bare.roundTrips)}`,
      `  sitrep    POST /api/v1/components -> visible in summary.json: ${summarise(propagation)}`,
      `  ratio     p50 ${(percentile(propagation, 50) / percentile(bare.roundTrips, 50)).toFixed(1)}x, p99 ${(percentile(propagation, 99) / percentile(bare.roundTrips, 99)).toFixed(1)}x the bare round trip`,
      `  baseline  bare JetStream publishes, 100 in flight: ${bare.publishPerSecond.toFixed(0)} msg/s`,
      `  sitrep    outbox relay (claim, publish 100 in flight, mark): ${relayPerSecond.toFixed(0)} events/s`,
      `  ratio     relay ${(relayPerSecond / bare.publishPerSecond).toFixed(2)}x bare publish rate`,
      `  target    propagation p99 < 250 ms: ${percentile(propagation, 99) < 250 ? 'met' : 'NOT met'}`,
    ];
    console.log(lines.join('\n'));
  } finally {
    await cluster.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
