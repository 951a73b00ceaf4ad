import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_NATS_URL, waitFor } from '@sitrep/testing';
import { SlackFake } from '@sitrep/vendor-fakes';
import { AMTOOL_BINARY, AlertmanagerProcess } from '../support/alertmanager';
import { api } from '../support/api';
import { ADMIN_TOKEN, Cluster, startDistributedCluster } from '../support/distributed-cluster';

interface Incident {
  id: string;
  reference: string;
  severity: string;
  status: string;
  trigger: string;
  componentIds: string[];
  triggerDetail: { affectedCustomers?: { count?: number } } | null;
  stability: { stableSince: string | null; lastSignalHealthy: boolean | null };
}

/**
 * A real Prometheus Alertmanager notifies Sitrep through its webhook receiver: alerts injected through
 * its v2 API declare the incident, verify the fix and flag a recurrence, with every app a process.
 */
describe('Prometheus Alertmanager drives detection, the stability window and the recurrence watch', () => {
  let cluster: Cluster;
  let alertmanager: AlertmanagerProcess;
  const slack = new SlackFake({ autoUsers: true });
  const core = () => api(cluster.urls.core, ADMIN_TOKEN);
  const components: Record<string, string> = {};
  let commander = { id: '', token: '' };
  let incident: Incident;
  const alert = (service: string, customers: string, endsAt?: string) => ({
    labels: { alertname: 'HighErrorRate', service, severity: 'critical' },
    annotations: { summary: `5xx on ${service}`, customers_affected: customers },
    ...(endsAt ? { endsAt } : {}),
  });

  beforeAll(async () => {
    await slack.start();
    cluster = await startDistributedCluster(TEST_NATS_URL, {
      SITREP_POLICY_FILE: join(__dirname, '..', 'fixtures', 'policy-alerts-seconds.yaml'),
      DEADLINE_POLL_MS: '100',
      SLACK_API_URL: slack.apiUrl,
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_PER_SECOND: '50',
    });
    for (const name of ['Checkout API', 'Payments API', 'Search']) components[name] = (await core().post<{ id: string }>('/api/v1/components', { name })).body.id;
    const person = await core().post<{ id: string }>('/api/v1/people', { name: 'Ivy Commander', email: 'ivy@example.test', roles: ['incident_commander'], onCall: true });
    commander = { id: person.body.id, token: (await core().post<{ token: string }>(`/api/v1/people/${person.body.id}/tokens`, { role: 'responder' })).body.token };
    const integration = await core().post<{ token: string; receiverPath: string }>('/api/v1/integrations', {
      name: 'Prometheus prod',
      kind: 'alertmanager',
      componentMatchers: [
        { matchers: ['service="checkout"'], componentId: components['Checkout API'] },
        { matchers: ['service="payments"'], componentId: components['Payments API'] },
        { matchers: ['service="search"'], componentId: components['Search'] },
      ],
    });
    expect(integration.status).toBe(201);
    alertmanager = await new AlertmanagerProcess({ url: `${cluster.urls.core}${integration.body.receiverPath}`, token: integration.body.token }).start();
  }, 240_000);

  afterAll(async () => {
    await alertmanager?.stop();
    await cluster?.stop();
    await slack.stop();
  });

  it('declares one P1 with the multi-customer trigger and both components when two components fire', async () => {
    // Under 50 customers each: it is the "critical on two components" rule that declares, with the larger count.
    await alertmanager.inject([alert('checkout', '30'), alert('payments', '40')]);
    const incidents = await waitFor(
      async () => {
        const list = (await core().get<{ incidents: Incident[] }>('/api/v1/incidents')).body.incidents;
        return list.length > 0 && (await core().get<{ alerts: unknown[] }>(`/api/v1/incidents/${list[0].id}/alerts`)).body.alerts.length === 2 ? list : null;
      },
      { what: 'the incident declared from the two alerts, with both linked', timeoutMs: 20_000 },
    );
    expect(incidents).toHaveLength(1);
    incident = (await core().get<Incident>(`/api/v1/incidents/${incidents[0].id}`)).body;
    expect(incident).toMatchObject({ severity: 'P1', trigger: 'multi_customer_impact', triggerDetail: { affectedCustomers: { count: 40 } } });
    expect([...incident.componentIds].sort()).toEqual([components['Checkout API'], components['Payments API']].sort());
    const listed = (await core().get<{ alerts: { status: string; incidentId: string; labels: Record<string, string> }[] }>('/api/v1/alerts?status=firing')).body.alerts;
    expect(listed.map((a) => a.labels.service).sort()).toEqual(['checkout', 'payments']);
    expect(listed.every((a) => a.incidentId === incident.id)).toBe(true);

    // Alertmanager repeats the group on its own schedule; still one incident.
    await alertmanager.inject([alert('checkout', '30'), alert('payments', '40')]);
    await new Promise((ok) => setTimeout(ok, 2_500));
    expect((await core().get<{ incidents: Incident[] }>('/api/v1/incidents')).body.incidents).toHaveLength(1);
  });

  it('adds the component of a critical alert that joins the incident, and publishes nothing by itself: the first notice, naming it, waits for the comms lead', async () => {
    await alertmanager.inject([alert('checkout', '30'), alert('payments', '40'), alert('search', '10')]);
    const widened = await waitFor(
      async () => {
        const body = (await core().get<Incident>(`/api/v1/incidents/${incident.id}`)).body;
        return body.componentIds.includes(components['Search']) ? body : null;
      },
      { what: 'Search added to the incident', timeoutMs: 20_000 },
    );
    expect(widened.componentIds).toHaveLength(3);
    const timeline = (await core().get<{ timeline: { kind: string; text: string }[] }>(`/api/v1/incidents/${incident.id}/timeline`)).body.timeline;
    expect(timeline.filter((l) => l.kind === 'components_added').map((l) => l.text)).toEqual(['Search added to the affected components (alert HighErrorRate from alertmanager "Prometheus prod")']);
    type Draft = { incidentId: string; state: string; kind: string; components: { id: string }[] };
    const draft = await waitFor(
      async () =>
        (await api(cluster.urls.comms, ADMIN_TOKEN).get<{ communications: Draft[] }>('/api/v1/approvals')).body.communications.find(
          (c) => c.incidentId === incident.id && c.components.some((x) => x.id === components['Search']),
        ),
      { what: 'the first notice naming Search', timeoutMs: 15_000 },
    );
    expect(draft).toMatchObject({ kind: 'initial', state: 'pending' });
    expect(draft.components.map((c) => c.id).sort()).toEqual([...widened.componentIds].sort());
    const page = await api(cluster.urls.statusPage).get<{ incidents: unknown[] }>('/api/v2/incidents.json');
    expect(page.body.incidents).toEqual([]);
  });

  it('completes the stability window when the alerts resolve while the fix is monitored', async () => {
    const me = api(cluster.urls.core, commander.token);
    expect((await me.post(`/api/v1/incidents/${incident.id}/fix-deployed`, { deployRef: 'checkout@4f2a' })).status).toBe(200);
    expect((await me.post(`/api/v1/incidents/${incident.id}/verifications`, { passed: true })).status).toBe(200);
    const past = new Date(Date.now() - 1_000).toISOString();
    await alertmanager.inject([alert('checkout', '30', past), alert('payments', '40', past), alert('search', '10', past)]);
    const stable = await waitFor(
      async () => {
        const body = (await me.get<Incident>(`/api/v1/incidents/${incident.id}`)).body;
        return body.stability.stableSince ? body : null;
      },
      { what: 'the healthy signal from the resolved alerts', timeoutMs: 20_000 },
    );
    expect(stable.stability.lastSignalHealthy).toBe(true);
    // The window is 3 s of the seconds policy: the commander's resolve is refused until it has passed.
    const refusals: string[] = [];
    await waitFor(
      async () => {
        const reply = await me.post<{ message: string }>(`/api/v1/incidents/${incident.id}/resolve`, {});
        if (reply.status !== 200) refusals.push(`${reply.status} ${reply.body.message}`);
        return reply.status === 200;
      },
      { what: 'the resolve after the stability window', timeoutMs: 15_000, intervalMs: 500 },
    );
    expect(refusals.every((r) => r.startsWith('409 cannot resolve'))).toBe(true);
    const resolved = (await me.get<Incident & { resolvedAt: string }>(`/api/v1/incidents/${incident.id}`)).body;
    expect(Date.parse(resolved.resolvedAt) - Date.parse(stable.stability.stableSince!)).toBeGreaterThanOrEqual(3_000);
    const deadlines = (await me.get<{ deadlines: { kind: string; state: string }[] }>(`/api/v1/incidents/${incident.id}/deadlines`)).body.deadlines;
    expect(deadlines.find((d) => d.kind === 'stability_window')).toMatchObject({ state: 'met' });
    expect((await me.get<Incident>(`/api/v1/incidents/${incident.id}`)).body.status).toBe('recovery_watch');
    const alerts = (await core().get<{ alerts: { status: string; history: { status: string }[] }[] }>(`/api/v1/incidents/${incident.id}/alerts`)).body.alerts;
    expect(alerts.map((a) => [a.status, a.history.map((h) => h.status).join('→')])).toEqual([
      ['resolved', 'firing→resolved'],
      ['resolved', 'firing→resolved'],
      ['resolved', 'firing→resolved'],
    ]);
  });

  it('flags a re-firing alert during the recovery watch as a possible recurrence in the war room, and leaves reopening to the commander', async () => {
    await alertmanager.inject([alert('checkout', '30')]);
    const post = await waitFor(
      () => {
        const room = [...slack.channels.values()].find((c) => c.name.startsWith('incident-'));
        return room ? slack.messagesIn(room.id).find((m) => m.text.includes('Possible recurrence')) : undefined;
      },
      { what: 'the recurrence post in the war room', timeoutMs: 30_000 },
    );
    expect(post.text).toContain(`*Possible recurrence of ${incident.reference}*: alertmanager "Prometheus prod" reports unhealthy during the recovery watch.`);
    expect(post.text).toContain('reopen the incident');
    const timeline = (await api(cluster.urls.core, commander.token).get<{ timeline: { kind: string; text: string }[] }>(`/api/v1/incidents/${incident.id}/timeline`)).body.timeline;
    expect(timeline.filter((l) => l.kind === 'possible_recurrence')).toHaveLength(1);
    // Sitrep does not reopen by itself.
    expect((await core().get<Incident>(`/api/v1/incidents/${incident.id}`)).body.status).toBe('recovery_watch');
    const reopened = await api(cluster.urls.core, commander.token).post(`/api/v1/incidents/${incident.id}/reopen`, { text: 'checkout errors are back' });
    expect(reopened.status).toBe(200);
  });
});

describe("docs/alerts.md's Alertmanager snippet", () => {
  it("passes Alertmanager's own config check (amtool check-config)", async () => {
    const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'alerts.md'), 'utf8');
    const start = doc.indexOf('```yaml\nroute:');
    const snippet = doc.slice(start + '```yaml\n'.length, doc.indexOf('```', start + 3));
    const dir = mkdtempSync(join(tmpdir(), 'sitrep-amtool-'));
    writeFileSync(join(dir, 'alertmanager.yml'), snippet);
    const result = spawnSync(AMTOOL_BINARY, ['check-config', join(dir, 'alertmanager.yml')], { encoding: 'utf8' });
    rmSync(dir, { recursive: true, force: true });
    expect(`${result.stdout}${result.stderr}`).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });
});
