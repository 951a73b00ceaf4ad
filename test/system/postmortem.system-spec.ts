import { join } from 'node:path';
import { TEST_NATS_URL, waitFor } from '@sitrep/testing';
import { api } from '../support/api';
import { ADMIN_TOKEN, Cluster, startDistributedCluster } from '../support/distributed-cluster';

interface Draft {
  id: string;
  kind: string;
  incidentId: string;
  body: string;
}

/** A P1 from declaration to its public post-mortem, on a policy of seconds, across the three services. */
describe('a P1 post-mortem reaches the status page only through the approval queue', () => {
  let cluster: Cluster;
  const policy = join(__dirname, '..', 'fixtures', 'policy-seconds.yaml');
  beforeAll(async () => {
    cluster = await startDistributedCluster(TEST_NATS_URL, { SITREP_POLICY_FILE: policy, DEADLINE_POLL_MS: '100' });
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('publishes the external version, without internal notes or names, after approval', async () => {
    const core = api(cluster.urls.core, ADMIN_TOKEN);
    const comms = api(cluster.urls.comms, ADMIN_TOKEN);
    const page = api(cluster.urls.statusPage);
    const pending = async (kind: string, incidentId: string) => {
      const { body } = await comms.get<{ communications?: Draft[]; approvals?: Draft[] }>('/api/v1/approvals?state=pending');
      return (body.communications ?? body.approvals ?? []).find((d) => d.kind === kind && d.incidentId === incidentId);
    };

    const component = (await core.post<{ id: string }>('/api/v1/components', { name: 'Checkout' })).body;
    const incident = (await core.post<{ id: string }>('/api/v1/incidents', { title: 'Checkout failing', severity: 'P1', componentIds: [component.id] })).body;
    const first = await waitFor(() => pending('initial', incident.id), { what: 'the first notice draft', timeoutMs: 15_000 });
    expect((await comms.post(`/api/v1/approvals/${first.id}/approve`, {})).status).toBe(200);
    await core.post(`/api/v1/incidents/${incident.id}/notes`, { text: 'INTERNAL: Bob thinks the cert expired' });

    expect((await core.post(`/api/v1/incidents/${incident.id}/fix-deployed`, { deployRef: 'checkout@v42' })).status).toBe(200);
    await core.post(`/api/v1/incidents/${incident.id}/verifications`, { passed: true });
    await core.post(`/api/v1/incidents/${incident.id}/signals`, { healthy: true });
    await new Promise((ok) => setTimeout(ok, 3_200));
    expect((await core.post(`/api/v1/incidents/${incident.id}/resolve`, {})).status).toBe(200);

    const sections: Record<string, string> = {
      root_cause: 'The TLS certificate of the card gateway expired.',
      contributing_factors: 'No alert on certificate expiry.',
      prevention_prevent: 'Certificates renew automatically.',
      prevention_detect: 'Alert 30 days before expiry.',
      prevention_respond: 'A runbook for certificate incidents.',
    };
    for (const [section, text] of Object.entries(sections)) {
      expect((await core.put(`/api/v1/incidents/${incident.id}/postmortem/sections/${section}`, { text })).status).toBe(200);
    }
    expect((await core.post(`/api/v1/incidents/${incident.id}/postmortem/review`, {})).status).toBeLessThan(300);
    expect((await core.post(`/api/v1/incidents/${incident.id}/postmortem/publish`, {})).status).toBeLessThan(300);

    const draft = await waitFor(() => pending('postmortem', incident.id), { what: 'the post-mortem draft in comms', timeoutMs: 15_000 });
    expect(draft.body).toContain('The TLS certificate of the card gateway expired.');
    expect(draft.body).not.toContain('INTERNAL');
    expect(draft.body).not.toContain('Bob');
    // Not on the public page before approval.
    expect((await page.get<string>(`/incidents/${incident.id}`)).body).not.toContain('The TLS certificate of the card gateway expired.');

    expect((await comms.post(`/api/v1/approvals/${draft.id}/approve`, {})).status).toBe(200);
    const html = await waitFor(async () => {
      const { body } = await page.get<string>(`/incidents/${incident.id}`);
      return body.includes('The TLS certificate of the card gateway expired.') ? body : undefined;
    }, { what: 'the post-mortem on the status page' });
    expect(html).not.toContain('INTERNAL');
  });
});
