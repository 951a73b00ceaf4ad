import { PrivateNatsServer, freePort, waitFor } from '@sitrep/testing';
import { Client } from 'pg';
import { SummaryJson, api } from '../support/api';
import { ADMIN_TOKEN, Cluster, startDistributedCluster } from '../support/distributed-cluster';

async function sql<T>(url: string, text: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('nothing is lost: crashes and broker outages', () => {
  let nats: PrivateNatsServer;
  let cluster: Cluster;

  beforeAll(async () => {
    nats = new PrivateNatsServer(await freePort());
    await nats.start();
    // incident-core starts with its relay off: it commits to the outbox, and nothing publishes yet.
    cluster = await startDistributedCluster(nats.url, {}, { OUTBOX_RELAY: 'off' });
  });

  afterAll(async () => {
    await cluster?.stop();
    await nats?.stop();
  });

  it('delivers an event exactly once when incident-core dies between the commit and the publish', async () => {
    const declared = await api(cluster.urls.core, ADMIN_TOKEN).post<{ id: string }>('/api/v1/incidents', { title: 'Committed, not yet published', severity: 'P1' });
    expect(declared.status).toBe(201);
    await cluster.core.stop('SIGKILL');

    const [row] = await sql<{ published_at: Date | null }>(cluster.db.url, 'SELECT published_at FROM core.outbox WHERE event @> $1', [JSON.stringify({ incidentId: declared.body.id })]);
    expect(row.published_at).toBeNull();
    const comms = api(cluster.urls.comms, ADMIN_TOKEN);
    expect((await comms.get<{ incidents: { id: string }[] }>('/api/v1/incidents')).body.incidents).toEqual([]);

    const restarted = await cluster.spawn('incident-core');
    await waitFor(async () => (await comms.get<{ incidents: { id: string }[] }>('/api/v1/incidents')).body.incidents.length === 1, { what: 'comms to hear of the incident after the restart' });
    // A second relay pass (restart again) must not deliver it a second time.
    await restarted.process.stop('SIGTERM');
    const again = await cluster.spawn('incident-core');
    await api(again.url, ADMIN_TOKEN).post('/api/v1/components', { name: 'Marker' });
    await waitFor(async () => (await api(cluster.urls.statusPage).get<SummaryJson>('/api/v2/summary.json')).body.components.some((c) => c.name === 'Marker'), { what: 'a later event to pass' });

    const inbox = await sql<{ n: number }>(cluster.db.url, `SELECT count(*)::int AS n FROM comms.inbox WHERE consumer = 'comms-incident-intake'`);
    expect(inbox[0].n).toBe(1);
    const handled = await api(cluster.urls.comms, ADMIN_TOKEN).get<string>('/metrics');
    expect(handled.body).toMatch(/sitrep_events_handled_total\{consumer="comms-incident-intake",outcome="handled",app="comms"\} 1\n/);
    const [published] = await sql<{ published_at: Date | null }>(cluster.db.url, 'SELECT published_at FROM core.outbox WHERE event @> $1', [JSON.stringify({ incidentId: declared.body.id })]);
    expect(published.published_at).not.toBeNull();
    await again.process.stop('SIGTERM');
  });

  it('keeps accepting writes while NATS is down and delivers every event once it is back', async () => {
    const { url } = await cluster.spawn('incident-core', { OUTBOX_RELAY: 'on' });
    const core = api(url, ADMIN_TOKEN);
    const names: string[] = [];
    const create = async (name: string) => {
      const response = await core.post('/api/v1/components', { name });
      expect(response.status).toBe(201);
      names.push(name);
    };
    await create('before outage');
    await nats.stop();
    for (let i = 0; i < 5; i++) await create(`during outage ${i}`);
    const [{ n: backlog }] = await sql<{ n: number }>(cluster.db.url, 'SELECT count(*)::int AS n FROM core.outbox WHERE published_at IS NULL');
    expect(backlog).toBeGreaterThanOrEqual(5);
    // The public page keeps serving what it knew.
    expect((await api(cluster.urls.statusPage).get('/api/v2/summary.json')).status).toBe(200);

    await nats.start();
    await create('after outage');
    const page = api(cluster.urls.statusPage);
    const summary = await waitFor(async () => {
      const { body } = await page.get<SummaryJson>('/api/v2/summary.json');
      return names.every((n) => body.components.some((c) => c.name === n)) ? body : undefined;
    }, { what: 'every component on the status page', timeoutMs: 30_000 });
    for (const name of names) expect(summary.components.filter((c) => c.name === name)).toHaveLength(1);
    await waitFor(async () => (await sql<{ n: number }>(cluster.db.url, 'SELECT count(*)::int AS n FROM core.outbox WHERE published_at IS NULL'))[0].n === 0, { what: 'the outbox to drain' });
  });
});

describe('dead letters in the running system', () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startDistributedCluster(process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222');
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('reports an invalid event on the dead-letter subject and lists it for operators', async () => {
    const { connect } = await import('nats');
    const nc = await connect({ servers: cluster.env.NATS_URL });
    await nc.jetstream().publish(`${cluster.namespace}.events.incident.declared`, Buffer.from('{"type":"incident.declared","data":{}}'), { msgID: 'garbage-1' });
    await nc.close();
    // Every durable consumer of incident events files its own dead letter; look at comms' intake.
    const letter = await waitFor(async () => {
      const { body } = await api(cluster.urls.comms, ADMIN_TOKEN).get<{ deadLetters: { consumer: string; reason: string; error: string }[] }>('/api/v1/dead-letters');
      return body.deadLetters.find((l) => l.consumer === 'comms-incident-intake');
    }, { what: 'the dead letter' });
    expect(letter).toMatchObject({ reason: 'invalid', error: expect.stringContaining('invalid envelope') });
    expect(cluster.comms.output).toContain('message moved to dead letters');
    const metrics = await api(cluster.urls.comms, ADMIN_TOKEN).get<string>('/metrics');
    expect(metrics.body).toMatch(/sitrep_dead_letters_total\{consumer="comms-incident-intake",reason="invalid",app="comms"\} 1/);
    expect((await api(cluster.urls.comms).get('/api/v1/dead-letters')).status).toBe(401);
  });
});

