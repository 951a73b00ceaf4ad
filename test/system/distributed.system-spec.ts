import { TEST_NATS_URL, waitFor } from '@sitrep/testing';
import { SummaryJson, api } from '../support/api';
import { ADMIN_TOKEN, Cluster, startDistributedCluster } from '../support/distributed-cluster';

describe('the walking skeleton, distributed: three processes on PostgreSQL and NATS JetStream', () => {
  let cluster: Cluster;

  beforeAll(async () => {
    cluster = await startDistributedCluster(TEST_NATS_URL);
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  it('shows a new component on the public page and in summary.json', async () => {
    const core = api(cluster.urls.core, ADMIN_TOKEN);
    const created = await core.post<{ id: string; name: string; status: string }>('/api/v1/components', { name: 'Payments API', description: 'Card payments', group: 'Payments' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Payments API', status: 'operational' });

    const statusPage = api(cluster.urls.statusPage);
    const summary = await waitFor(async () => {
      const { body } = await statusPage.get<SummaryJson>('/api/v2/summary.json');
      return body.components.some((c) => c.id === created.body.id) ? body : undefined;
    }, { what: 'the component in summary.json' });
    expect(summary.components.map((c) => [c.name, c.group])).toEqual([['Payments', true], ['Payments API', false]]);
    expect(summary.status).toEqual({ indicator: 'none', description: 'All Systems Operational' });
    const html = await statusPage.get<string>('/');
    expect(html.body).toContain('Payments API');
    expect((await api(cluster.urls.core, ADMIN_TOKEN).get<{ components: unknown[] }>('/api/v1/components')).body.components).toHaveLength(1);
  });

  it('declares an incident that comms hears of, and keeps it off the public page', async () => {
    const core = api(cluster.urls.core, ADMIN_TOKEN);
    const declared = await core.post<{ id: string; reference: string; status: string; declaredAt: string; severity: string }>('/api/v1/incidents', { title: 'Checkout failing', severity: 'P1', summary: 'Card payments fail' });
    expect(declared.status).toBe(201);
    expect(declared.body).toMatchObject({ title: 'Checkout failing', severity: 'P1', status: 'declared' });
    expect(declared.body.reference).toMatch(/^INC-\d{4,}$/);

    const comms = api(cluster.urls.comms, ADMIN_TOKEN);
    const heard = await waitFor(async () => {
      const { body } = await comms.get<{ incidents: { id: string }[] }>('/api/v1/incidents');
      return body.incidents.find((i) => i.id === declared.body.id);
    }, { what: 'comms to hear of the incident' });
    expect(heard).toMatchObject({ reference: declared.body.reference, severity: 'P1' });

    // The admin token belongs to nobody: no commander and no sponsor could be assigned, and the timeline says so.
    const timeline = await core.get<{ timeline: { kind: string; text: string }[] }>(`/api/v1/incidents/${declared.body.id}/timeline`);
    expect(timeline.body.timeline.map((t) => t.kind)).toEqual(['declared', 'role_missing', 'role_missing']);
    expect(timeline.body.timeline[0].text).toBe('P1 declared (declared manually): Checkout failing');
    const summary = await api(cluster.urls.statusPage).get<SummaryJson>('/api/v2/summary.json');
    expect(JSON.stringify(summary.body)).not.toContain('Checkout failing');
  });

  it('refuses requests without a valid token, and bad bodies with the field and the reason', async () => {
    expect((await api(cluster.urls.core).post('/api/v1/incidents', { title: 'x', severity: 'P1' })).status).toBe(401);
    expect((await api(cluster.urls.core, 'wrong-token').get('/api/v1/components')).status).toBe(401);
    expect((await api(cluster.urls.comms).get('/api/v1/incidents')).status).toBe(401);
    expect((await api(cluster.urls.core).get('/health/live')).status).toBe(200);

    const core = api(cluster.urls.core, ADMIN_TOKEN);
    const before = (await core.get<{ incidents: unknown[] }>('/api/v1/incidents')).body.incidents.length;
    const bad = await core.post<{ fields: { field: string; reason: string }[] }>('/api/v1/incidents', { title: '', severity: 'P0' });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f) => f.field).sort()).toEqual(['severity', 'title']);
    const unknown = await core.post<{ fields: { field: string; reason: string }[] }>('/api/v1/incidents', { title: 'x', severity: 'P2', componentIds: ['00000000-0000-4000-8000-000000000000'] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.fields[0]).toMatchObject({ field: 'componentIds', reason: expect.stringContaining('00000000-0000-4000-8000-000000000000') });
    const malformed = await core.post('/api/v1/components', '{"name": ');
    expect(malformed.status).toBe(400);
    expect((await core.get<{ incidents: unknown[] }>('/api/v1/incidents')).body.incidents).toHaveLength(before);
  });

  it('serves health, readiness and Prometheus metrics on every app', async () => {
    for (const url of Object.values(cluster.urls)) {
      expect((await api(url).get('/health/live')).status).toBe(200);
      expect((await api(url).get<{ status: string }>('/health/ready')).body.status).toBe('ready');
    }
    const metrics = await api(cluster.urls.core, ADMIN_TOKEN).get<string>('/metrics');
    expect(metrics.body).toMatch(/sitrep_outbox_backlog\{app="incident-core"\} 0/);
    expect(metrics.body).toContain('sitrep_events_published_total');
    const commsMetrics = await api(cluster.urls.comms, ADMIN_TOKEN).get<string>('/metrics');
    expect(commsMetrics.body).toMatch(/sitrep_consumer_lag\{consumer="comms-incident-intake",app="comms"\} 0/);
  });

  it('lets replicas of comms share the work and status-page replicas each hold the whole model', async () => {
    const comms2 = await cluster.spawn('comms');
    const page2 = await cluster.spawn('status-page');
    const core = api(cluster.urls.core, ADMIN_TOKEN);
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) ids.push((await core.post<{ id: string }>('/api/v1/incidents', { title: `replica test ${i}`, severity: 'P3' })).body.id);
    const comms = api(cluster.urls.comms, ADMIN_TOKEN);
    await waitFor(async () => {
      const { body } = await comms.get<{ incidents: { id: string }[] }>('/api/v1/incidents');
      return ids.every((id) => body.incidents.some((i) => i.id === id));
    }, { what: 'every incident in comms' });
    const { body } = await comms.get<{ incidents: { id: string }[] }>('/api/v1/incidents');
    expect(body.incidents.filter((i) => ids.includes(i.id))).toHaveLength(10);
    const fromReplica = await api(page2.url).get<SummaryJson>('/api/v2/summary.json');
    expect(fromReplica.body.components.map((c) => c.name)).toContain('Payments API');
    await comms2.process.stop();
    await page2.process.stop();
  });

  it('drains and exits cleanly on SIGTERM', async () => {
    const extra = await cluster.spawn('comms');
    expect(await extra.process.stop('SIGTERM')).toBe(0);
    expect(extra.process.output).not.toMatch(/"level":(50|60)/);
  });
});
