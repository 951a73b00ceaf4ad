import { join } from 'node:path';
import { TEST_NATS_URL, waitFor } from '@sitrep/testing';
import { api } from '../support/api';
import { ADMIN_TOKEN, Cluster, startDistributedCluster } from '../support/distributed-cluster';

interface Deadline {
  kind: string;
  state: string;
  warnedAt: string | null;
  breachedAt: string | null;
}

/** The clocks on a policy of seconds, with incident-core as a real process that is killed mid-way. */
describe('clocks on a policy of seconds, across a kill -9 of incident-core', () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startDistributedCluster(TEST_NATS_URL, { SITREP_POLICY_FILE: join(__dirname, '..', 'fixtures', 'policy-seconds.yaml'), DEADLINE_POLL_MS: '100' });
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('warns, breaches and escalates once each, though incident-core died in between', async () => {
    const core = api(cluster.urls.core, ADMIN_TOKEN);
    const declared = await core.post<{ id: string }>('/api/v1/incidents', { title: 'Clock test', severity: 'P1' });
    expect(declared.status).toBe(201);
    const id = declared.body.id;
    const deadlines = async (url: string) => (await api(url, ADMIN_TOKEN).get<{ deadlines: Deadline[] }>(`/api/v1/incidents/${id}/deadlines`)).body.deadlines;

    // The assessment (6 s) warns at 4 s; kill incident-core right after, and keep it down past the
    // assessment's due time (6 s) and breach (8 s).
    const declaredAt = Date.now();
    await waitFor(async () => (await deadlines(cluster.urls.core)).find((d) => d.kind === 'assessment')?.warnedAt, { what: 'the assessment warning', timeoutMs: 10_000 });
    await cluster.core.stop('SIGKILL');
    await new Promise((ok) => setTimeout(ok, Math.max(0, declaredAt + 9_000 - Date.now())));
    const restarted = await cluster.spawn('incident-core', { SITREP_POLICY_FILE: join(__dirname, '..', 'fixtures', 'policy-seconds.yaml'), DEADLINE_POLL_MS: '100' });

    // Missed while it was down: the assessment is breached on restart, and the first escalation (8 s) fires later.
    await waitFor(async () => (await deadlines(restarted.url)).find((d) => d.kind === 'escalation_engineering_vp')?.state === 'met', { what: 'the engineering VP escalation', timeoutMs: 20_000 });
    const clocks = await deadlines(restarted.url);
    expect(clocks.find((d) => d.kind === 'assessment')).toMatchObject({ state: 'breached' });
    expect(clocks.find((d) => d.kind === 'first_customer_notice')).toMatchObject({ state: 'breached' });
    const timeline = (await api(restarted.url, ADMIN_TOKEN).get<{ timeline: { kind: string; text: string }[] }>(`/api/v1/incidents/${id}/timeline`)).body.timeline;
    const count = (kind: string, text: RegExp) => timeline.filter((l) => l.kind === kind && text.test(l.text)).length;
    expect(count('deadline_due_soon', /initial assessment/)).toBe(1);
    expect(count('deadline_due', /initial assessment/)).toBe(1);
    expect(count('deadline_breached', /initial assessment/)).toBe(1);
    expect(count('escalated', /engineering_vp/)).toBe(1);
    await restarted.process.stop();
  });
});
