import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServiceProcess, waitFor } from '@sitrep/testing';
import { SummaryJson, api } from '../support/api';
import { EmbeddedPorts, embeddedAdminToken, embeddedPorts, embeddedReady, localUrl as url, startEmbedded } from '../support/embedded';

describe('npm start: the embedded all-in-one', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sitrep-embedded-'));
  let ports: EmbeddedPorts;
  let sitrep: ServiceProcess;

  const start = async () => {
    sitrep = startEmbedded(dataDir, ports);
    await embeddedReady(sitrep, ports);
  };

  beforeAll(async () => {
    ports = await embeddedPorts();
    await start();
  }, 300_000);

  afterAll(async () => {
    await sitrep?.stop('SIGKILL');
  });

  it('prints the three URLs and an admin token it keeps in the data folder', () => {
    const token = embeddedAdminToken(dataDir);
    expect(sitrep.output).toContain(`incident-core  http://127.0.0.1:${ports.core}`);
    expect(sitrep.output).toContain(`status page    http://127.0.0.1:${ports.statusPage}`);
    expect(sitrep.output).toContain(`admin token    ${token}`);
  });

  it('runs the skeleton flow on the embedded database and bus, and keeps the data across a restart', async () => {
    const token = embeddedAdminToken(dataDir);
    const core = api(url(ports.core), token);
    const component = await core.post<{ id: string }>('/api/v1/components', { name: 'Search' });
    expect(component.status).toBe(201);
    const incident = await core.post<{ id: string }>('/api/v1/incidents', { title: 'Search is slow', severity: 'P2', componentIds: [component.body.id] });
    expect(incident.status).toBe(201);

    await waitFor(async () => (await api(url(ports.statusPage)).get<SummaryJson>('/api/v2/summary.json')).body.components.some((c) => c.name === 'Search'), { what: 'the component on the page' });
    await waitFor(async () => (await api(url(ports.comms), token).get<{ incidents: { id: string }[] }>('/api/v1/incidents')).body.incidents.some((i) => i.id === incident.body.id), { what: 'comms to hear of the incident' });

    expect(await sitrep.stop('SIGTERM')).toBe(0);
    await start();
    // Printed once, when it was made: on a restart the banner says where it is, not what it is.
    expect(sitrep.output).not.toContain(token);
    expect(sitrep.output).toContain(`admin token    kept in ${join(dataDir, 'admin-token')}`);
    const after = await api(url(ports.statusPage)).get<SummaryJson>('/api/v2/summary.json');
    expect(after.body.components.map((c) => c.name)).toEqual(['Search']);
    const known = await api(url(ports.comms), token).get<{ incidents: { id: string }[] }>('/api/v1/incidents');
    expect(known.body.incidents.map((i) => i.id)).toEqual([incident.body.id]);
    expect((await core.get<{ incidents: unknown[] }>('/api/v1/incidents')).body.incidents).toHaveLength(1);
  }, 300_000);
  it('takes a storm of Alertmanager notifications on the embedded database: one incident, every alert linked', async () => {
    const token = embeddedAdminToken(dataDir);
    const core = api(url(ports.core), token);
    const ids: string[] = [];
    for (const name of ['Checkout', 'Payments']) ids.push((await core.post<{ id: string }>('/api/v1/components', { name })).body.id);
    const integration = await core.post<{ token: string; receiverPath: string }>('/api/v1/integrations', {
      name: 'Prometheus',
      kind: 'alertmanager',
      componentMatchers: [{ matchers: ['service="checkout"'], componentId: ids[0] }, { matchers: ['service="payments"'], componentId: ids[1] }],
    });
    const receiver = api(url(ports.core), integration.body.token);
    const notification = (i: number) => ({
      version: '4', groupKey: `{}:{n="${i}"}`, truncatedAlerts: 0, status: 'firing', receiver: 'sitrep', groupLabels: {}, commonLabels: {}, commonAnnotations: {}, externalURL: 'http://alertmanager.test',
      alerts: [{ status: 'firing', labels: { alertname: 'Errors', service: i % 2 ? 'payments' : 'checkout', severity: 'critical', n: String(i) }, annotations: {}, startsAt: new Date().toISOString(), endsAt: '0001-01-01T00:00:00Z', generatorURL: '', fingerprint: `embedded-${i}` }],
    });
    const replies = await Promise.all(Array.from({ length: 40 }, (_, i) => receiver.post(integration.body.receiverPath, notification(i))));
    expect(replies.map((r) => r.status)).toEqual(Array(40).fill(200));
    const declared = (await core.get<{ incidents: { id: string; trigger: string }[] }>('/api/v1/incidents')).body.incidents.filter((i) => i.trigger === 'multi_customer_impact');
    expect(declared).toHaveLength(1);
    const alerts = (await core.get<{ alerts: { incidentId: string }[] }>(`/api/v1/incidents/${declared[0].id}/alerts`)).body.alerts;
    expect(alerts).toHaveLength(40);
    // No alert said how many customers: the count is 0 and the summary says it is unknown.
    const incident = (await core.get<{ triggerDetail: { affectedCustomers: { count: number } }; summary: string }>(`/api/v1/incidents/${declared[0].id}`)).body;
    expect(incident.triggerDetail.affectedCustomers.count).toBe(0);
    expect(incident.summary).toContain('customers affected unknown');
  });
});
