import { TEST_NATS_URL, waitFor } from '@sitrep/testing';
import { api } from '../support/api';
import { ADMIN_TOKEN, Cluster, startDistributedCluster } from '../support/distributed-cluster';

interface Draft {
  id: string;
  kind: string;
  incidentId: string;
  status: string;
  body: string;
}
interface Maintenance {
  id: string;
  name: string;
  status: string;
  scheduled_for: string;
  scheduled_until: string;
  components: { id: string; status: string }[];
}

/** A maintenance window from incident-core, through the comms lead's approval, to the public page. */
describe('scheduled maintenance, end to end', () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startDistributedCluster(TEST_NATS_URL, { DEADLINE_POLL_MS: '100' });
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('is drafted when scheduled, started and completed, and shown once each notice is approved', async () => {
    const core = api(cluster.urls.core, ADMIN_TOKEN);
    const comms = api(cluster.urls.comms, ADMIN_TOKEN);
    const page = api(cluster.urls.statusPage);
    const component = (await core.post<{ id: string }>('/api/v1/components', { name: 'Search' })).body;
    await waitFor(async () => (await page.get<{ components: { id: string }[] }>('/api/v2/components.json')).body.components.some((c) => c.id === component.id), { what: 'the component on the page' });

    const start = new Date(Date.now() + 4_000);
    const end = new Date(start.getTime() + 4_000);
    const scheduled = await core.post<{ id: string }>('/api/v1/maintenances', { title: 'Search index rebuild', message: 'Search results may be stale for a few minutes.', componentIds: [component.id], scheduledFor: start.toISOString(), scheduledUntil: end.toISOString() });
    expect(scheduled.status).toBe(201);

    const approveNext = async (kind: string) => {
      const draft = await waitFor(async () => {
        const { body } = await comms.get<{ communications?: Draft[]; approvals?: Draft[] }>('/api/v1/approvals?state=pending');
        return (body.communications ?? body.approvals ?? []).find((d) => d.kind === kind && d.incidentId === scheduled.body.id);
      }, { what: `the ${kind} draft`, timeoutMs: 15_000 });
      expect((await comms.post(`/api/v1/approvals/${draft.id}/approve`, {})).status).toBe(200);
    };

    await approveNext('maintenance_scheduled');
    const upcoming = await waitFor(async () => (await page.get<{ scheduled_maintenances: Maintenance[] }>('/api/v2/scheduled-maintenances/upcoming.json')).body.scheduled_maintenances.find((m) => m.id === scheduled.body.id), { what: 'the upcoming window' });
    expect(upcoming).toMatchObject({ name: 'Search index rebuild', status: 'scheduled', scheduled_for: start.toISOString(), scheduled_until: end.toISOString() });

    await approveNext('maintenance_started');
    await waitFor(async () => {
      const summary = (await page.get<{ components: { id: string; status: string }[]; status: { indicator: string } }>('/api/v2/summary.json')).body;
      return summary.components.find((c) => c.id === component.id)?.status === 'under_maintenance' && summary.status.indicator === 'maintenance';
    }, { what: 'the component under maintenance' });

    await approveNext('maintenance_completed');
    await waitFor(async () => (await page.get<{ components: { id: string; status: string }[] }>('/api/v2/components.json')).body.components.find((c) => c.id === component.id)?.status === 'operational', { what: 'the component back to operational' });
    const all = (await page.get<{ scheduled_maintenances: Maintenance[] }>('/api/v2/scheduled-maintenances.json')).body.scheduled_maintenances;
    expect(all.find((m) => m.id === scheduled.body.id)?.status).toBe('completed');
  });

  it('closes a cancelled window on the page, with a notice saying so', async () => {
    const core = api(cluster.urls.core, ADMIN_TOKEN);
    const comms = api(cluster.urls.comms, ADMIN_TOKEN);
    const page = api(cluster.urls.statusPage);
    const component = (await core.post<{ id: string }>('/api/v1/components', { name: 'Exports' })).body;
    const start = new Date(Date.now() + 3_600_000);
    const window = (await core.post<{ id: string }>('/api/v1/maintenances', { title: 'Export service move', message: 'Exports pause.', componentIds: [component.id], scheduledFor: start.toISOString(), scheduledUntil: new Date(start.getTime() + 3_600_000).toISOString() })).body;
    const approve = async (kind: string) => {
      const draft = await waitFor(async () => {
        const { body } = await comms.get<{ communications?: Draft[]; approvals?: Draft[] }>('/api/v1/approvals?state=pending');
        return (body.communications ?? body.approvals ?? []).find((d) => d.kind === kind && d.incidentId === window.id);
      }, { what: `the ${kind} draft`, timeoutMs: 15_000 });
      expect((await comms.post(`/api/v1/approvals/${draft.id}/approve`, {})).status).toBe(200);
      return draft;
    };
    await approve('maintenance_scheduled');
    await waitFor(async () => (await page.get<{ scheduled_maintenances: Maintenance[] }>('/api/v2/scheduled-maintenances/upcoming.json')).body.scheduled_maintenances.some((m) => m.id === window.id), { what: 'the upcoming window' });
    expect((await core.post(`/api/v1/maintenances/${window.id}/cancel`, {})).status).toBe(200);
    const cancelled = await approve('maintenance_completed');
    expect(cancelled.body).toContain('has been cancelled');
    await waitFor(async () => !(await page.get<{ scheduled_maintenances: Maintenance[] }>('/api/v2/scheduled-maintenances/upcoming.json')).body.scheduled_maintenances.some((m) => m.id === window.id), { what: 'the window to leave the upcoming list' });
  });
});
