import pino from 'pino';
import { Client } from 'pg';
import { SitrepEvent, subjectFilters } from '@sitrep/contracts';
import { JetStreamBus, Subscription, defaultRetryPolicy, startConsumer } from '@sitrep/messaging';
import { AppMetrics } from '@sitrep/observability';
import { TEST_NATS_URL, waitFor } from '@sitrep/testing';
import { api } from '../support/api';
import { ADMIN_TOKEN, Cluster, startDistributedCluster } from '../support/distributed-cluster';

interface Draft {
  id: string;
  incidentId: string;
  kind: string;
  state: string;
  origin: string;
  title: string;
  status: string;
  body: string;
  components: { id: string; name: string; status: string }[];
  channels: string[];
  rejectionReason: string | null;
  previews: { email: { subject: string; html: string; text: string }; sms: { encoding: string; segments: number; text: string }; statusPage: { title: string; body: string } };
}
interface Problem {
  message: string;
  fields?: { field: string; reason: string }[];
}

/**
 * The comms-lead approval queue across the real processes: a P1 declared on incident-core is drafted by
 * comms by itself, approved by the incident's comms lead, published through comms' outbox onto NATS,
 * and meets incident-core's first-notice clock. Plus the refusals: 403, 409 and 400 with field names.
 */
describe('the approval queue, distributed', () => {
  let cluster: Cluster;
  let bus: JetStreamBus;
  let observer: Subscription;
  let sql: Client;
  const published: SitrepEvent<'communication.published'>[] = [];
  const core = () => api(cluster.urls.core, ADMIN_TOKEN);
  const comms = (token: string) => api(cluster.urls.comms, token);
  const people: Record<string, string> = {};
  const tokens: Record<string, string> = {};
  const components: Record<string, string> = {};
  let incidentId = '';
  let firstNotice: Draft;

  beforeAll(async () => {
    cluster = await startDistributedCluster(TEST_NATS_URL);
    bus = new JetStreamBus({ servers: TEST_NATS_URL, namespace: cluster.namespace, replicas: 1, name: `${cluster.namespace}-observer`, logger: pino({ level: 'silent' }) });
    await bus.start();
    observer = await startConsumer(
      {
        consumer: 'system-test-communication-observer',
        kind: 'durable',
        filter: subjectFilters.communicationEvents,
        types: ['communication.published'],
        handle: async (event) => void published.push(event as SitrepEvent<'communication.published'>),
      },
      { bus, logger: pino({ level: 'silent' }), metrics: new AppMetrics('system-test'), retry: defaultRetryPolicy },
    );
    sql = new Client({ connectionString: cluster.db.url });
    await sql.connect();
  });

  afterAll(async () => {
    await observer?.drain();
    await bus?.close();
    await sql?.end();
    await cluster?.stop();
  });

  it('sets up components, people and comms tokens (comms issues its own)', async () => {
    for (const name of ['Payments API', 'Checkout']) {
      const created = await core().post<{ id: string }>('/api/v1/components', { name });
      expect(created.status).toBe(201);
      components[name] = created.body.id;
    }
    for (const [key, name] of [['carol', 'Carol Comms'], ['dan', 'Dan Comms']]) {
      const person = await core().post<{ id: string }>('/api/v1/people', { name, email: `${key}@example.test`, roles: ['comms_lead'] });
      expect(person.status).toBe(201);
      people[key] = person.body.id;
      const issued = await comms(ADMIN_TOKEN).post<{ token: string; personId: string }>('/api/v1/tokens', { role: 'comms_lead', label: name, personId: person.body.id });
      expect(issued.status).toBe(201);
      expect(issued.body.personId).toBe(person.body.id);
      tokens[key] = issued.body.token;
    }
    tokens.viewer = (await comms(ADMIN_TOKEN).post<{ token: string }>('/api/v1/tokens', { role: 'viewer', label: 'Vic Viewer' })).body.token;
    tokens.responder = (await comms(ADMIN_TOKEN).post<{ token: string }>('/api/v1/tokens', { role: 'responder', label: 'Rita Responder' })).body.token;
    // Only an admin issues tokens, and a person-less core token is not a comms token.
    expect((await comms(tokens.carol).post('/api/v1/tokens', { role: 'admin', label: 'me' })).status).toBe(403);
  });

  it('drafts the first customer notice of a P1 within seconds of its declaration on incident-core', async () => {
    const declared = await core().post<{ id: string }>('/api/v1/incidents', { title: 'Card payments failing', severity: 'P1', summary: 'Card payments fail', componentIds: [components['Payments API'], components.Checkout] });
    expect(declared.status).toBe(201);
    incidentId = declared.body.id;
    const started = Date.now();
    firstNotice = await waitFor(async () => {
      const { body } = await comms(tokens.carol).get<{ communications: Draft[] }>('/api/v1/approvals');
      return body.communications.find((c) => c.incidentId === incidentId);
    }, { what: 'the auto-drafted first notice', timeoutMs: 5_000 });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(firstNotice).toMatchObject({
      kind: 'initial',
      state: 'pending',
      origin: 'auto',
      title: 'Card payments failing',
      status: 'investigating',
      channels: ['status_page', 'email', 'sms', 'slack'],
      components: [
        { name: 'Payments API', status: 'major_outage' },
        { name: 'Checkout', status: 'major_outage' },
      ],
    });
    expect(firstNotice.previews.email.subject).toBe('[Investigating] Card payments failing');
    expect(firstNotice.previews.sms.encoding).toBe('GSM-7');
    const read = await comms(tokens.viewer).get<Draft>(`/api/v1/communications/${firstNotice.id}`);
    expect(read.status).toBe(200);
    expect(read.body.previews.statusPage.body).toBe(firstNotice.body);

    const { body } = await core().get<{ deadlines: { kind: string; state: string }[] }>(`/api/v1/incidents/${incidentId}/deadlines`);
    expect(body.deadlines.find((d) => d.kind === 'first_customer_notice')?.state).toBe('pending');
  });

  it('refuses wrong drafts with the field, viewers with 403, and other comms leads once one is assigned', async () => {
    const good = { incidentId, title: 'Payments', status: 'investigating', body: 'Looking into it.', components: [], channels: ['status_page'] };
    const bad = async (body: unknown) => {
      const reply = await comms(tokens.carol).post<Problem>('/api/v1/communications', body);
      expect(reply.status).toBe(400);
      return reply.body.fields?.map((f) => f.field);
    };
    expect(await bad({ ...good, incidentId: '00000000-0000-4000-8000-000000000000' })).toEqual(['incidentId']);
    expect(await bad({ ...good, components: [{ id: '00000000-0000-4000-8000-000000000000', status: 'major_outage' }] })).toEqual(['components.0.id']);
    expect(await bad({ ...good, body: 'x'.repeat(5001) })).toEqual(['body']);
    expect(await bad({ ...good, title: 't'.repeat(301), status: 'on_fire' })).toEqual(['title', 'status']);
    expect(await bad({ ...good, channels: [] })).toEqual(['channels']);

    expect((await comms(tokens.viewer).post('/api/v1/communications', good)).status).toBe(403);
    const viewer = await comms(tokens.viewer).post<Problem>(`/api/v1/approvals/${firstNotice.id}/approve`, {});
    expect(viewer.status).toBe(403);
    expect(viewer.body.message).toContain('role "viewer" may not do this');

    const assigned = await fetch(`${cluster.urls.core}/api/v1/incidents/${incidentId}/roles/comms_lead`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ personId: people.carol }),
    });
    expect(assigned.status).toBe(200);
    await waitFor(async () => (await comms(ADMIN_TOKEN).get<Draft & { incident: { commsLeadId: string } }>(`/api/v1/communications/${firstNotice.id}`)).body.incident.commsLeadId === people.carol, {
      what: 'comms to hear that Carol is the comms lead',
    });
    const dan = await comms(tokens.dan).post<Problem>(`/api/v1/approvals/${firstNotice.id}/approve`, {});
    expect(dan.status).toBe(403);
    expect(dan.body.message).toContain("only this incident's communications lead (Carol Comms)");
    const badEdit = await comms(tokens.carol).post<Problem>(`/api/v1/approvals/${firstNotice.id}/approve`, { title: '', channels: ['pigeon'] });
    expect(badEdit.status).toBe(400);
    expect(badEdit.body.fields?.map((f) => f.field)).toEqual(['title', 'channels.0']);
  });

  it('publishes on approval through the outbox, and incident-core meets the first-notice clock', async () => {
    const approved = await comms(tokens.carol).post<Draft & { edited: boolean; publishedAt: string }>(`/api/v1/approvals/${firstNotice.id}/approve`, {
      body: 'Card payments are failing for most customers. We are investigating.',
    });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ state: 'approved', edited: true });

    const event = await waitFor(() => published.find((e) => e.data.communicationId === firstNotice.id), { what: 'communication.published on NATS' });
    expect(event).toMatchObject({
      incidentId,
      actor: { kind: 'person', id: people.carol },
      data: { kind: 'initial', subject: 'incident', status: 'investigating', impact: 'critical', body: 'Card payments are failing for most customers. We are investigating.', publishedAt: approved.body.publishedAt },
    });
    const outbox = await sql.query(`SELECT published_at FROM comms.outbox WHERE id = $1`, [event.id]);
    expect(outbox.rows[0].published_at).not.toBeNull();

    const deadlines = await waitFor(async () => {
      const { body } = await core().get<{ deadlines: { kind: string; state: string; metAt: string | null }[] }>(`/api/v1/incidents/${incidentId}/deadlines`);
      return body.deadlines.find((d) => d.kind === 'first_customer_notice')?.state === 'met' ? body.deadlines : undefined;
    }, { what: 'the first-notice clock met on incident-core' });
    expect(deadlines.find((d) => d.kind === 'first_customer_notice')?.metAt).toBe(approved.body.publishedAt);
    expect(deadlines.some((d) => d.kind === 'customer_update' && d.state === 'pending')).toBe(true);

    const twice = await comms(tokens.carol).post<Problem>(`/api/v1/approvals/${firstNotice.id}/approve`, {});
    expect(twice.status).toBe(409);
    expect(twice.body.message).toMatch(/is not pending: it was already approved and published at .* by Carol Comms$/);
    expect(published.filter((e) => e.data.communicationId === firstNotice.id)).toHaveLength(1);
  });

  it('rejects a draft with a reason and refuses to decide it again', async () => {
    const drafted = await comms(tokens.responder).post<Draft>('/api/v1/communications', {
      incidentId,
      title: 'Payments: pay by invoice',
      status: 'identified',
      body: 'Pay by invoice while cards fail.',
      components: [{ id: components['Payments API'], status: 'partial_outage' }],
      channels: ['status_page', 'email'],
    });
    expect(drafted.status).toBe(201);
    expect(drafted.body).toMatchObject({ kind: 'update', origin: 'person', state: 'pending' });
    const noReason = await comms(tokens.carol).post<Problem>(`/api/v1/approvals/${drafted.body.id}/reject`, {});
    expect(noReason.body.fields?.map((f) => f.field)).toEqual(['reason']);
    const rejected = await comms(tokens.carol).post<Draft>(`/api/v1/approvals/${drafted.body.id}/reject`, { reason: 'Not everyone can pay by invoice.' });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ state: 'rejected', rejectionReason: 'Not everyone can pay by invoice.' });
    const approveRejected = await comms(tokens.carol).post<Problem>(`/api/v1/approvals/${drafted.body.id}/approve`, {});
    expect(approveRejected.status).toBe(409);
    expect(approveRejected.body.message).toMatch(/it was rejected at .* by Carol Comms: Not everyone can pay by invoice\.$/);
    const listed = await comms(tokens.carol).get<{ communications: Draft[] }>('/api/v1/approvals?state=rejected');
    expect(listed.body.communications.map((c) => c.id)).toEqual([drafted.body.id]);
    expect(published.some((e) => e.data.communicationId === drafted.body.id)).toBe(false);
  });
});
