import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PrivateNatsServer, TEST_NATS_URL, freePort, waitFor } from '@sitrep/testing';
import { api } from '../support/api';
import { ADMIN_TOKEN, Cluster, startDistributedCluster } from '../support/distributed-cluster';
import { StatusPageEvents, communicationPublished } from '../support/status-page-events';

interface V2Incident {
  id: string;
  name: string;
  status: string;
  impact: string;
  resolved_at: string | null;
  shortlink: string;
  incident_updates: { status: string; body: string; affected_components: { code: string; new_status: string }[] | null }[];
  components: { id: string; status: string }[];
}
interface Summary {
  page: { id: string; name: string; updated_at: string };
  status: { indicator: string; description: string };
  components: { id: string; name: string; status: string; group: boolean }[];
  incidents: V2Incident[];
  scheduled_maintenances: { id: string; status: string; scheduled_for: string }[];
}

const XSS = '<script>alert("pwned")</script>';

async function text(url: string): Promise<string> {
  return (await fetch(url)).text();
}

async function json<T>(url: string): Promise<T> {
  return (await (await fetch(url)).json()) as T;
}

describe('the public status page, distributed: fed only by published events', () => {
  let cluster: Cluster;
  let events: StatusPageEvents;
  let page: string;
  const components: Record<string, { id: string; name: string }> = {};

  beforeAll(async () => {
    cluster = await startDistributedCluster(TEST_NATS_URL, { STATUS_PAGE_SNAPSHOT: 'off', STATUS_PAGE_NAME: 'Acme Status' });
    events = await StatusPageEvents.connect(TEST_NATS_URL, cluster.namespace);
    page = cluster.urls.statusPage;
    const core = api(cluster.urls.core, ADMIN_TOKEN);
    for (const [name, group] of [['Card payments', 'Payments'], ['Payouts', 'Payments'], ['Public API', null]] as const) {
      const created = await core.post<{ id: string; name: string }>('/api/v1/components', group ? { name, group } : { name });
      expect(created.status).toBe(201);
      components[name] = created.body;
    }
    await waitFor(async () => (await json<Summary>(`${page}/api/v2/summary.json`)).components.length === 4, { what: 'the components on the page' });
  });

  afterAll(async () => {
    await events?.close();
    await cluster?.stop();
  });

  it('shows an incident as comms publishes it: banner, components, updates newest first, permalink, feeds', async () => {
    const incidentId = randomUUID();
    const payments = { id: components['Card payments'].id, name: 'Card payments', status: 'operational' as const };
    const card = { component: { ...payments, description: null, group: 'Payments', position: 0, createdAt: new Date().toISOString(), updatedAt: new Date().toISOString() }, status: 'major_outage' as const };
    const t0 = Date.now() - 10_000;
    await events.publish(communicationPublished({ incidentId, title: 'Card payments failing', status: 'investigating', impact: 'critical', body: 'We are investigating failed card payments.', at: new Date(t0), components: [card] }));
    // The same communication sent only to Slack and email never reaches the page.
    const internal = communicationPublished({ incidentId, title: 'Card payments failing', status: 'identified', impact: 'critical', body: 'slack-only text', at: new Date(t0 + 1) });
    (internal.data as { channels: string[] }).channels = ['slack'];
    await events.publish(internal);
    await events.publish(communicationPublished({ incidentId, title: 'Card payments failing', status: 'identified', impact: 'critical', body: 'A faulty deploy; rolling back.', at: new Date(t0 + 2_000), components: [{ ...card, status: 'partial_outage' }] }));

    const summary = await waitFor(async () => {
      const s = await json<Summary>(`${page}/api/v2/summary.json`);
      return s.incidents[0]?.incident_updates.length === 2 ? s : undefined;
    }, { what: 'the incident in summary.json' });
    expect(summary.status).toEqual({ indicator: 'critical', description: 'Major System Outage' });
    expect(summary.components.find((c) => c.name === 'Card payments')!.status).toBe('partial_outage');
    expect(summary.components.find((c) => c.name === 'Payments')).toMatchObject({ group: true, status: 'partial_outage' });
    const incident = summary.incidents[0];
    expect(incident).toMatchObject({ id: incidentId, name: 'Card payments failing', status: 'identified', impact: 'critical', shortlink: `${page.replace('127.0.0.1', 'localhost')}/incidents/${incidentId}` });
    expect(incident.incident_updates.map((u) => u.body)).toEqual(['A faulty deploy; rolling back.', 'We are investigating failed card payments.']);
    expect(JSON.stringify(summary)).not.toContain('slack-only text');
    expect((await json<{ incidents: V2Incident[] }>(`${page}/api/v2/incidents/unresolved.json`)).incidents.map((i) => i.id)).toEqual([incidentId]);

    const html = await text(`${page}/`);
    expect(html).toContain('<p class="banner critical" role="status">Major System Outage</p>');
    expect(html.indexOf('A faulty deploy; rolling back.')).toBeLessThan(html.indexOf('We are investigating failed card payments.'));
    expect(await text(`${page}/incidents/${incidentId}`)).toContain('<h1 id="incident-title">Card payments failing</h1>');
    expect(await text(`${page}/history.rss`)).toContain(`<link>${page.replace('127.0.0.1', 'localhost')}/incidents/${incidentId}</link>`);
    expect(await text(`${page}/history.atom`)).toContain('Card payments failing (Identified)');

    await events.publish(communicationPublished({ incidentId, title: 'Card payments failing', status: 'resolved', impact: 'critical', body: 'Payments are working again.', at: new Date(t0 + 4_000) }));
    await events.publish(communicationPublished({ incidentId, kind: 'postmortem', title: 'Card payments outage: what happened', status: 'postmortem', impact: 'critical', body: 'A deploy removed a feature flag. We now canary every change.', at: new Date(t0 + 6_000) }));
    const after = await waitFor(async () => {
      const s = await json<{ incidents: V2Incident[] }>(`${page}/api/v2/incidents.json`);
      return s.incidents[0]?.status === 'postmortem' ? s : undefined;
    }, { what: 'the resolved incident with its post-mortem' });
    expect(after.incidents[0].resolved_at).not.toBeNull();
    const resolved = await json<Summary>(`${page}/api/v2/summary.json`);
    expect(resolved.status.indicator).toBe('none');
    expect(resolved.incidents).toEqual([]);
    expect(resolved.components.every((c) => c.status === 'operational')).toBe(true);
    const permalink = await text(`${page}/incidents/${incidentId}`);
    expect(permalink).toContain('Post-incident review: Card payments outage: what happened');
    expect(permalink).toContain('We now canary every change.');
    expect(await text(`${page}/`)).toMatch(/<ul class="past">\s*<li><a href="\/incidents\/[^"]+">Card payments failing<\/a>/);
  });

  it('writes a title and body carrying a script as text in the HTML, the feeds and the JSON', async () => {
    const incidentId = randomUUID();
    await events.publish(communicationPublished({ incidentId, title: `Login ${XSS}`, status: 'investigating', impact: 'minor', body: `Body ${XSS} ]]> end`, at: new Date() }));
    await waitFor(async () => (await json<Summary>(`${page}/api/v2/summary.json`)).incidents.some((i) => i.id === incidentId), { what: 'the incident' });
    const escapedEverywhere = async (paths: string[]) => {
      for (const path of paths) {
        const body = await text(`${page}${path}`);
        expect([path, body.includes('<script>alert')]).toEqual([path, false]);
        expect([path, body.includes('&lt;script&gt;alert(')]).toEqual([path, true]);
      }
    };
    await escapedEverywhere(['/', `/incidents/${incidentId}`, '/history.rss', '/history.atom']);
    const raw = await text(`${page}/api/v2/incidents.json`);
    expect(raw).not.toContain('<script>');
    const parsed = JSON.parse(raw) as { incidents: V2Incident[] };
    expect(parsed.incidents.find((i) => i.id === incidentId)!.name).toBe(`Login ${XSS}`);
    await events.publish(communicationPublished({ incidentId, title: `Login ${XSS}`, status: 'resolved', impact: 'minor', body: 'Fixed.', at: new Date(Date.now() + 1) }));
    await waitFor(async () => (await json<Summary>(`${page}/api/v2/summary.json`)).incidents.length === 0, { what: 'the incident to resolve' });
    // Closed, it is listed under past incidents.
    await escapedEverywhere(['/', '/history']);
  });

  it('opens and closes a maintenance window by the clock alone', async () => {
    const maintenanceId = randomUUID();
    const start = new Date(Date.now() + 2_500);
    const end = new Date(start.getTime() + 2_500);
    const api = { component: { id: components['Public API'].id, name: 'Public API', description: null, group: null, status: 'operational' as const, position: 2, createdAt: new Date().toISOString(), updatedAt: new Date().toISOString() }, status: 'under_maintenance' as const };
    await events.publish(communicationPublished({ incidentId: maintenanceId, subject: 'maintenance', kind: 'maintenance_scheduled', title: 'API database upgrade', status: 'scheduled', impact: 'maintenance', body: 'Read-only for a few seconds.', at: new Date(), scheduledFor: start, scheduledUntil: end, components: [api] }));
    const upcoming = await waitFor(async () => {
      const s = await json<{ scheduled_maintenances: { id: string; status: string }[] }>(`${page}/api/v2/scheduled-maintenances/upcoming.json`);
      return s.scheduled_maintenances.find((m) => m.id === maintenanceId);
    }, { what: 'the upcoming maintenance' });
    expect(upcoming.status).toBe('scheduled');
    const active = await waitFor(async () => {
      const s = await json<Summary>(`${page}/api/v2/summary.json`);
      return s.components.find((c) => c.name === 'Public API')!.status === 'under_maintenance' ? s : undefined;
    }, { what: 'the window to open', timeoutMs: 8_000 });
    expect(Date.now()).toBeGreaterThanOrEqual(start.getTime());
    expect(active.status).toEqual({ indicator: 'maintenance', description: 'Service Under Maintenance' });
    expect((await json<{ scheduled_maintenances: { id: string }[] }>(`${page}/api/v2/scheduled-maintenances/active.json`)).scheduled_maintenances.map((m) => m.id)).toEqual([maintenanceId]);
    expect(await text(`${page}/`)).toContain('Maintenance in progress');
    await waitFor(async () => (await json<Summary>(`${page}/api/v2/summary.json`)).components.every((c) => c.status === 'operational'), { what: 'the window to close', timeoutMs: 8_000 });
    const all = await json<{ scheduled_maintenances: { id: string; status: string }[] }>(`${page}/api/v2/scheduled-maintenances.json`);
    expect(all.scheduled_maintenances.find((m) => m.id === maintenanceId)!.status).toBe('completed');
  });
});

describe('the public status page when everything behind it is down', () => {
  let nats: PrivateNatsServer;
  let cluster: Cluster;
  let events: StatusPageEvents;
  const dataDir = mkdtempSync(join(tmpdir(), 'sitrep-status-page-snapshot-'));

  beforeAll(async () => {
    nats = new PrivateNatsServer(await freePort());
    await nats.start();
    cluster = await startDistributedCluster(nats.url, { SITREP_DATA_DIR: dataDir, STATUS_PAGE_BUS_WAIT_MS: '1500' });
    events = await StatusPageEvents.connect(nats.url, cluster.namespace);
  });

  afterAll(async () => {
    await events?.close().catch(() => undefined);
    await cluster?.stop();
    await nats?.stop();
  });

  it('keeps answering with the last state, and a cold start serves the snapshot until NATS is back', async () => {
    const page = cluster.urls.statusPage;
    const replica = await cluster.spawn('status-page', { COMMS_PUBLIC_URL: cluster.urls.comms, SITREP_DATA_DIR: mkdtempSync(join(tmpdir(), 'sitrep-status-page-replica-')) });
    const created = await api(cluster.urls.core, ADMIN_TOKEN).post<{ id: string; name: string }>('/api/v1/components', { name: 'Checkout' });
    const incidentId = randomUUID();
    const checkout = { component: { ...created.body, description: null, group: null, status: 'operational' as const, position: 0, createdAt: new Date().toISOString(), updatedAt: new Date().toISOString() }, status: 'major_outage' as const };
    await events.publish(communicationPublished({ incidentId, title: 'Checkout unavailable', status: 'identified', impact: 'critical', body: 'We know why and are fixing it.', at: new Date(), components: [checkout] }));
    for (const url of [page, replica.url]) {
      await waitFor(async () => (await json<Summary>(`${url}/api/v2/summary.json`)).incidents.length === 1, { what: `the incident on ${url}` });
    }
    const before = await json<Summary>(`${page}/api/v2/summary.json`);
    const snapshotFile = join(dataDir, 'status-page-snapshot.json');
    await waitFor(() => readFileSync(snapshotFile, 'utf8').includes('Checkout unavailable'), { what: 'the snapshot to be written' });

    await events.close();
    await cluster.core.stop('SIGKILL');
    await cluster.comms.stop('SIGKILL');
    await nats.stop();
    await cluster.db.drop();

    // The running page and API keep serving what they knew.
    const during = await fetch(`${page}/api/v2/summary.json`);
    expect(during.status).toBe(200);
    expect(((await during.json()) as Summary).incidents.map((i) => i.name)).toEqual(['Checkout unavailable']);
    expect(await text(`${page}/`)).toContain('Major System Outage');
    expect((await fetch(`${page}/incidents/${incidentId}`)).status).toBe(200);
    expect((await fetch(`${page}/history.rss`)).status).toBe(200);
    expect((await fetch(`${page}/health/ready`)).status).toBe(200);
    // Subscribing needs comms: the reader is told so politely.
    const subscribe = await fetch(`${replica.url}/subscriptions/email`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'email=ada%40example.com' });
    expect(subscribe.status).toBe(503);
    expect(await subscribe.text()).toContain('We could not reach our notification service');

    // A status page that starts now, with nothing behind it, serves the snapshot and says it is ready.
    const cold = await cluster.spawn('status-page');
    const coldSummary = await json<Summary>(`${cold.url}/api/v2/summary.json`);
    expect(coldSummary.status).toEqual(before.status);
    expect(coldSummary.components).toEqual(before.components);
    expect(coldSummary.incidents.map(({ shortlink: _s, ...rest }) => rest)).toEqual(before.incidents.map(({ shortlink: _s, ...rest }) => rest));
    expect(await text(`${cold.url}/`)).toContain('Checkout unavailable');

    // NATS returns: the cold-started page replays the stream and follows new events again.
    await nats.start();
    const back = await StatusPageEvents.connect(nats.url, cluster.namespace);
    try {
      await back.publish(communicationPublished({ incidentId, title: 'Checkout unavailable', status: 'resolved', impact: 'critical', body: 'Checkout works again.', at: new Date() }));
      await waitFor(async () => (await json<Summary>(`${cold.url}/api/v2/summary.json`)).incidents.length === 0, { what: 'the cold-started page to follow the stream again', timeoutMs: 30_000 });
      await waitFor(async () => (await json<Summary>(`${page}/api/v2/summary.json`)).incidents.length === 0, { what: 'the first page to follow the stream again', timeoutMs: 30_000 });
    } finally {
      await back.close();
    }
  });
});
