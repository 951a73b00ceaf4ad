import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { Client } from 'pg';
import { DeadlineView, IncidentView, SitrepEvent, subjectFilters } from '@sitrep/contracts';
import { Subscription, defaultRetryPolicy, startConsumer } from '@sitrep/messaging';
import { AppMetrics } from '@sitrep/observability';
import { waitFor } from '@sitrep/testing';
import { InProcessComms, TEST_COMMS_ADMIN_TOKEN as ADMIN } from '../../testing/in-process-comms';
import type { CommunicationView } from '../communications/communication-view';

const T0 = new Date('2026-11-26T10:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

/**
 * comms' approval queue on real PostgreSQL and NATS JetStream, with the test playing incident-core on the
 * bus: auto-drafts from incident and clock events (once each, however often delivered), the comms-lead
 * rule, publication through comms' outbox, and the API's refusals.
 */
describe('the approval queue (comms in process)', () => {
  const comms = new InProcessComms(T0);
  let sql: Client;
  let observer: Subscription;
  const published: SitrepEvent<'communication.published'>[] = [];
  const componentIds = { payments: randomUUID(), checkout: randomUUID(), search: randomUUID() };
  const carol = randomUUID();
  const dan = randomUUID();
  const tokens: Record<string, string> = {};
  let incident: IncidentView;

  const call = <T = CommunicationView>(method: string, path: string, token: string | null, body?: unknown) => comms.call<T>(method, path, token, body);
  const pending = async (incidentId = incident.id) =>
    (await call<{ communications: CommunicationView[] }>('GET', '/api/v1/approvals', ADMIN)).body.communications.filter((c) => c.incidentId === incidentId);
  const deadline = (kind: DeadlineView['kind']): DeadlineView => ({ id: randomUUID(), incidentId: incident.id, kind, ownerRole: 'comms_lead', ownerPersonId: null, dueAt: at(30).toISOString(), state: 'pending', metAt: null });

  beforeAll(async () => {
    await comms.setUp();
    sql = new Client({ connectionString: comms.db.url });
    await sql.connect();
    // What other services see: communication.published on the bus, through comms' outbox and relay.
    observer = await startConsumer(
      {
        consumer: 'test-communication-observer',
        kind: 'durable',
        filter: subjectFilters.communicationEvents,
        types: ['communication.published'],
        handle: async (event) => void published.push(event as SitrepEvent<'communication.published'>),
      },
      { bus: comms.bus, logger: pino({ level: 'silent' }), metrics: new AppMetrics('test'), retry: defaultRetryPolicy },
    );
    tokens.carol = await comms.token('comms_lead', 'Carol Comms', carol);
    tokens.dan = await comms.token('comms_lead', 'Dan Comms', dan);
    tokens.teamComms = await comms.token('comms_lead', 'comms team');
    tokens.responder = await comms.token('responder', 'Rita Responder', randomUUID());
    tokens.viewer = await comms.token('viewer', 'Vic Viewer');
  });

  afterAll(async () => {
    await observer?.drain();
    await sql?.end();
    await comms.tearDown();
  });

  it('hears of components, then drafts the first notice of a P1 the moment it is declared', async () => {
    const names = { payments: 'Payments API', checkout: 'Checkout', search: 'Search' } as const;
    for (const [key, id] of Object.entries(componentIds)) {
      await comms.publish('component.created', {
        component: { id, name: names[key as keyof typeof names], description: null, group: null, status: 'operational', position: 0, createdAt: T0.toISOString(), updatedAt: T0.toISOString() },
      });
    }
    incident = {
      id: randomUUID(),
      reference: 'INC-0042',
      title: 'Card payments failing',
      severity: 'P1',
      status: 'declared',
      summary: null,
      componentIds: [componentIds.payments, componentIds.checkout],
      declaredAt: T0.toISOString(),
      trigger: 'manual',
      commanderId: null,
    };
    const declared = await comms.publish('incident.declared', { incident }, { incidentId: incident.id });
    const [draft] = await waitFor(async () => {
      const drafts = await pending();
      return drafts.length > 0 ? drafts : undefined;
    }, { what: 'the auto-drafted first notice' });
    expect(draft).toMatchObject({
      kind: 'initial',
      state: 'pending',
      origin: 'auto',
      trigger: 'incident.declared',
      title: 'Card payments failing',
      status: 'investigating',
      impact: 'critical',
      components: [
        { id: componentIds.payments, name: 'Payments API', status: 'major_outage' },
        { id: componentIds.checkout, name: 'Checkout', status: 'major_outage' },
      ],
      channels: ['status_page', 'email', 'sms', 'slack'],
      draftedBy: { kind: 'system', id: 'comms' },
      incident: { reference: 'INC-0042', severity: 'P1', status: 'declared', commsLeadId: null },
    });
    expect(draft.body).toMatch(/^We are investigating an issue affecting Payments API and Checkout\./);
    expect(draft.previews.email.subject).toBe('[Investigating] Card payments failing');
    expect(draft.previews.sms).toMatchObject({ encoding: 'GSM-7', segments: expect.any(Number) });
    expect(draft.previews.statusPage.components.map((c) => c.statusLabel)).toEqual(['Major outage', 'Major outage']);

    // Redelivered (same event id, new message id): the inbox makes it a no-op.
    await comms.publish('incident.declared', { incident }, { incidentId: incident.id, id: declared.id });
    const marker = await comms.publish('incident.status_changed', { from: 'declared', to: 'investigating', reason: null }, { incidentId: incident.id, occurredAt: at(1) });
    await waitFor(async () => (await sql.query(`SELECT 1 FROM comms.inbox WHERE event_id = $1`, [marker.id])).rowCount === 1, { what: 'the status change' });
    expect(await pending()).toHaveLength(1);
    const { rows } = await sql.query(`SELECT status FROM comms.known_incidents WHERE id = $1`, [incident.id]);
    expect(rows[0].status).toBe('investigating');
  });

  it('does not draft on declaration for a P3, but does once it is raised to P1', async () => {
    const p3 = { ...incident, id: randomUUID(), reference: 'INC-0043', severity: 'P3' as const, title: 'Slow search', componentIds: [componentIds.search] };
    await comms.publish('incident.declared', { incident: p3 }, { incidentId: p3.id });
    await waitFor(async () => (await sql.query(`SELECT 1 FROM comms.known_incidents WHERE id = $1`, [p3.id])).rowCount === 1, { what: 'the P3' });
    expect(await pending(p3.id)).toHaveLength(0);
    await comms.publish('incident.severity_changed', { from: 'P3', to: 'P1', reason: 'search is down for everyone' }, { incidentId: p3.id, occurredAt: at(3) });
    const [raised] = await waitFor(async () => {
      const drafts = await pending(p3.id);
      return drafts.length > 0 ? drafts : undefined;
    }, { what: 'the first notice of the raised incident' });
    expect(raised).toMatchObject({ kind: 'initial', trigger: 'incident.severity_changed', impact: 'critical', components: [{ name: 'Search', status: 'major_outage' }], incident: { severity: 'P1' } });
    expect((await call('POST', `/api/v1/approvals/${raised.id}/reject`, ADMIN, { reason: 'covered by INC-0042' })).status).toBe(200);
  });

  it('redrafts a waiting first notice when components join the incident, so the notice the comms lead approves names them', async () => {
    const storm = { ...incident, id: randomUUID(), reference: 'INC-0044', title: 'Alert storm', componentIds: [componentIds.payments] };
    await comms.publish('incident.declared', { incident: storm }, { incidentId: storm.id });
    const [first] = await waitFor(async () => {
      const drafts = await pending(storm.id);
      return drafts.length > 0 ? drafts : undefined;
    }, { what: 'the first notice of the storm' });
    expect(first.components.map((c) => c.name)).toEqual(['Payments API']);
    const added = await comms.publish('incident.components_added', { added: [componentIds.search], componentIds: [componentIds.payments, componentIds.search], reason: 'alert SearchDown from alertmanager "Prometheus"' }, { incidentId: storm.id, occurredAt: at(1) });
    const [redrafted] = await waitFor(async () => {
      const drafts = await pending(storm.id);
      return drafts.length === 1 && drafts[0].id !== first.id ? drafts : undefined;
    }, { what: 'the redrafted first notice' });
    expect(redrafted).toMatchObject({ kind: 'initial', trigger: 'incident.components_added', components: [{ name: 'Payments API', status: 'major_outage' }, { name: 'Search', status: 'major_outage' }] });
    expect(redrafted.body).toMatch(/affecting Payments API and Search/);
    const superseded = await sql.query(`SELECT state, rejection_reason FROM comms.communications WHERE id = $1`, [first.id]);
    expect(superseded.rows[0]).toEqual({ state: 'rejected', rejection_reason: 'superseded: components were added to the incident' });
    // Told again (a redelivery, or the same components once more): nothing changes.
    await comms.publish('incident.components_added', { added: [componentIds.search], componentIds: [componentIds.payments, componentIds.search], reason: null }, { incidentId: storm.id, id: added.id });
    const again = await comms.publish('incident.components_added', { added: [componentIds.search], componentIds: [componentIds.payments, componentIds.search], reason: null }, { incidentId: storm.id, occurredAt: at(2) });
    await waitFor(async () => (await sql.query(`SELECT 1 FROM comms.inbox WHERE event_id = $1`, [again.id])).rowCount === 1, { what: 'the repeated addition' });
    expect((await pending(storm.id)).map((d) => d.id)).toEqual([redrafted.id]);
    const known = await sql.query(`SELECT component_ids FROM comms.known_incidents WHERE id = $1`, [storm.id]);
    expect(known.rows[0].component_ids).toEqual([componentIds.payments, componentIds.search]);
    expect((await call('POST', `/api/v1/approvals/${redrafted.id}/reject`, ADMIN, { reason: 'test done' })).status).toBe(200);
  });

  it('refuses drafts and edits that are wrong, naming the field', async () => {
    const good = { incidentId: incident.id, title: 'Payments', status: 'investigating', body: 'Looking into it.', components: [], channels: ['status_page'] };
    const post = (body: unknown, token = tokens.carol) => call<{ fields: { field: string; reason: string }[] }>('POST', '/api/v1/communications', token, body);

    const unknownIncident = await post({ ...good, incidentId: randomUUID() });
    expect(unknownIncident.status).toBe(400);
    expect(unknownIncident.body.fields).toEqual([{ field: 'incidentId', reason: expect.stringContaining('unknown incident') }]);

    const unknownComponent = randomUUID();
    const badComponent = await post({ ...good, components: [{ id: componentIds.payments, status: 'major_outage' }, { id: unknownComponent, status: 'partial_outage' }] });
    expect(badComponent.status).toBe(400);
    expect(badComponent.body.fields).toEqual([{ field: 'components.1.id', reason: expect.stringContaining(unknownComponent) }]);

    const tooLong = await post({ ...good, title: 'x'.repeat(301), body: 'y'.repeat(5001), status: 'exploded', channels: [], components: [{ id: 'nope', status: 'fine' }] });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.fields.map((f) => f.field).sort()).toEqual(['body', 'channels', 'components.0.id', 'components.0.status', 'status', 'title']);
    expect(tooLong.body.fields.find((f) => f.field === 'body')?.reason).toBe('must be at most 5000 characters');
    expect(tooLong.body.fields.find((f) => f.field === 'title')?.reason).toBe('must be at most 300 characters');
    expect((await post({ ...good, title: 'two\nlines' })).body.fields).toEqual([{ field: 'title', reason: 'must be one line without control characters' }]);
    expect((await post({ ...good, surprise: true })).body.fields[0]).toMatchObject({ field: '(body)', reason: expect.stringContaining('surprise') });

    // Viewers read the queue but may not draft or decide.
    expect((await post(good, tokens.viewer)).status).toBe(403);
    expect((await call('GET', '/api/v1/approvals', tokens.viewer)).status).toBe(200);
    expect((await call('GET', '/api/v1/approvals?state=later', ADMIN)).body).toMatchObject({ fields: [{ field: 'state' }] });
    expect((await call('GET', '/api/v1/communications/not-a-uuid', ADMIN)).body).toMatchObject({ fields: [{ field: 'id' }] });
    expect((await call('GET', `/api/v1/communications/${randomUUID()}`, ADMIN)).status).toBe(404);
    expect((await call('GET', '/api/v1/approvals', null)).status).toBe(401);
  });

  it('lets only the incident\'s comms lead approve once one is assigned, and publishes through the outbox', async () => {
    const [draft] = await pending();
    // Dan's person token may approve while nobody holds the role…
    await comms.publish('incident.role_assigned', { role: 'comms_lead', personId: carol, previousPersonId: null }, { incidentId: incident.id, occurredAt: at(2) });
    await waitFor(async () => (await call('GET', `/api/v1/communications/${draft.id}`, ADMIN)).body.incident?.commsLeadId === carol, { what: 'Carol as comms lead' });
    // …but not once Carol does.
    const byDan = await call<{ message: string }>('POST', `/api/v1/approvals/${draft.id}/approve`, tokens.dan, {});
    expect(byDan.status).toBe(403);
    expect(byDan.body.message).toBe("only this incident's communications lead (Carol Comms) or an admin may approve or reject its communications");
    expect((await call('POST', `/api/v1/approvals/${draft.id}/approve`, tokens.viewer, {})).status).toBe(403);
    expect((await call('POST', `/api/v1/approvals/${draft.id}/approve`, tokens.responder, {})).status).toBe(403);
    const badEdit = await call<{ fields: { field: string }[] }>('POST', `/api/v1/approvals/${draft.id}/approve`, tokens.carol, { components: [{ id: randomUUID(), status: 'major_outage' }], channels: ['fax'] });
    expect(badEdit.status).toBe(400);
    expect(badEdit.body.fields.map((f) => f.field)).toEqual(['channels.0']);
    const unknownEdit = await call<{ fields: { field: string }[] }>('POST', `/api/v1/approvals/${draft.id}/approve`, tokens.carol, { components: [{ id: randomUUID(), status: 'major_outage' }] });
    expect(unknownEdit.body.fields.map((f) => f.field)).toEqual(['components.0.id']);

    comms.clock.set(at(12));
    const approved = await call('POST', `/api/v1/approvals/${draft.id}/approve`, tokens.carol, { body: 'Card payments are failing for most customers. We are investigating.', channels: ['status_page', 'email'] });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({
      state: 'approved',
      edited: true,
      decidedBy: { kind: 'person', id: carol, name: 'Carol Comms' },
      publishedAt: at(12).toISOString(),
      original: { channels: ['status_page', 'email', 'sms', 'slack'], body: draft.body },
    });
    const event = await waitFor(() => published.find((e) => e.data.communicationId === draft.id), { what: 'communication.published on the bus' });
    expect(event).toMatchObject({
      type: 'communication.published',
      incidentId: incident.id,
      actor: { kind: 'person', id: carol },
      data: {
        kind: 'initial',
        subject: 'incident',
        publishedAt: at(12).toISOString(),
        title: 'Card payments failing',
        status: 'investigating',
        impact: 'critical',
        body: 'Card payments are failing for most customers. We are investigating.',
        channels: ['status_page', 'email'],
        components: [
          { id: componentIds.payments, name: 'Payments API', status: 'major_outage' },
          { id: componentIds.checkout, name: 'Checkout', status: 'major_outage' },
        ],
      },
    });
    // The relay marks its row after JetStream's ack, which may come after a subscriber already saw the event.
    const markedAt = await waitFor(async () => (await sql.query(`SELECT published_at FROM comms.outbox WHERE id = $1`, [event.id])).rows[0]?.published_at, { what: 'the outbox row marked published' });
    expect(markedAt).toBeInstanceOf(Date);

    const again = await call<{ message: string }>('POST', `/api/v1/approvals/${draft.id}/approve`, tokens.carol, {});
    expect(again.status).toBe(409);
    expect(again.body.message).toBe(`communication ${draft.id} is not pending: it was already approved and published at ${at(12).toISOString()} by Carol Comms`);
    expect((await call('POST', `/api/v1/approvals/${draft.id}/reject`, tokens.carol, { reason: 'changed my mind' })).status).toBe(409);
    expect((await call<{ communications: unknown[] }>('GET', '/api/v1/approvals?state=approved', tokens.viewer)).body.communications).toHaveLength(1);
  });

  it('drafts the next update when the cadence clock warns, once, from what customers were last told', async () => {
    const identified = await comms.publish('incident.status_changed', { from: 'investigating', to: 'identified', reason: null }, { incidentId: incident.id, occurredAt: at(20) });
    // An older event delivered late does not turn the status back.
    const late = await comms.publish('incident.status_changed', { from: 'declared', to: 'investigating', reason: null }, { incidentId: incident.id, occurredAt: at(1) });
    // Clocks and incident events go to different consumers; in life the status changes long before the clock warns.
    await waitFor(async () => (await sql.query(`SELECT 1 FROM comms.inbox WHERE event_id = ANY($1::uuid[])`, [[identified.id, late.id]])).rowCount === 2, { what: 'the status changes' });
    expect((await sql.query(`SELECT status FROM comms.known_incidents WHERE id = $1`, [incident.id])).rows[0].status).toBe('identified');
    comms.clock.set(at(37));
    await comms.publish('deadline.due_soon', { deadline: deadline('customer_update') }, { incidentId: incident.id });
    const [update] = await waitFor(async () => {
      const drafts = await pending();
      return drafts.length > 0 ? drafts : undefined;
    }, { what: 'the update draft' });
    expect(update).toMatchObject({
      kind: 'update',
      trigger: 'deadline.due_soon',
      status: 'identified',
      impact: 'critical',
      channels: ['status_page', 'email'],
      components: [
        { id: componentIds.payments, status: 'major_outage' },
        { id: componentIds.checkout, status: 'major_outage' },
      ],
    });
    expect(update.body).toMatch(/^We have identified the cause/);
    const due = await comms.publish('deadline.due', { deadline: deadline('customer_update') }, { incidentId: incident.id });
    const other = await comms.publish('deadline.due', { deadline: deadline('executive_update') }, { incidentId: incident.id });
    // The customer-clock consumer handles the due clock and takes no notice of the executive one (other
    // consumers, such as the executive summaries, do).
    const handledByCustomerClocks = async (id: string) => (await sql.query(`SELECT 1 FROM comms.inbox WHERE event_id = $1 AND consumer = 'comms-customer-clocks'`, [id])).rowCount;
    await waitFor(async () => (await handledByCustomerClocks(due.id)) === 1, { what: 'the due clock' });
    expect(await pending()).toHaveLength(1);
    expect(await handledByCustomerClocks(other.id)).toBe(0);
  });

  it('rejects with a reason, and supersedes a pending update when the incident is resolved', async () => {
    const manual = await call('POST', '/api/v1/communications', tokens.responder, {
      incidentId: incident.id,
      title: 'Payments: workaround',
      status: 'identified',
      body: 'Pay by invoice <b>meanwhile</b>.',
      components: [{ id: componentIds.payments, status: 'partial_outage' }],
      channels: ['status_page'],
    });
    expect(manual.status).toBe(201);
    expect(manual.body).toMatchObject({ kind: 'update', origin: 'person', impact: 'critical', state: 'pending', draftedBy: { name: 'Rita Responder' } });
    expect(manual.body.previews.email.html).toContain('Pay by invoice &lt;b&gt;meanwhile&lt;/b&gt;.');
    const noReason = await call<{ fields: { field: string }[] }>('POST', `/api/v1/approvals/${manual.body.id}/reject`, tokens.carol, { reason: ' ' });
    expect(noReason.body.fields).toEqual([{ field: 'reason', reason: 'must not be empty: say why' }]);
    const rejected = await call('POST', `/api/v1/approvals/${manual.body.id}/reject`, tokens.carol, { reason: 'Invoice payment is not offered to everyone.' });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ state: 'rejected', rejectionReason: 'Invoice payment is not offered to everyone.', decidedBy: { id: carol } });
    expect((await call<{ message: string }>('POST', `/api/v1/approvals/${manual.body.id}/approve`, tokens.carol, {})).body.message).toMatch(/it was rejected at .* by Carol Comms: Invoice payment is not offered to everyone\.$/);

    const [update] = await pending();
    await comms.publish('incident.resolved', { resolvedAt: at(50).toISOString(), recoveryWatchEndsAt: at(170).toISOString() }, { incidentId: incident.id, occurredAt: at(50) });
    const [resolved] = await waitFor(async () => {
      const drafts = await pending();
      return drafts.length === 1 && drafts[0].kind === 'resolved' ? drafts : undefined;
    }, { what: 'the resolved notice' });
    expect(resolved).toMatchObject({
      status: 'resolved',
      impact: 'critical',
      channels: ['status_page', 'email', 'sms', 'slack'],
      components: [
        { id: componentIds.payments, status: 'operational' },
        { id: componentIds.checkout, status: 'operational' },
      ],
    });
    expect((await call('GET', `/api/v1/communications/${update.id}`, ADMIN)).body).toMatchObject({ state: 'rejected', rejectionReason: 'superseded: the incident was resolved', decidedBy: { kind: 'system' } });

    // A comms_lead token that is nobody's is not the assigned lead (issue 10): refused, naming her; she approves.
    const byTeam = await call<{ message: string }>('POST', `/api/v1/approvals/${resolved.id}/approve`, tokens.teamComms, {});
    expect(byTeam).toMatchObject({ status: 403, body: { message: "only this incident's communications lead (Carol Comms) or an admin may approve or reject its communications" } });
    expect((await call('POST', `/api/v1/approvals/${resolved.id}/approve`, tokens.carol, {})).status).toBe(200);
    await waitFor(() => published.find((e) => e.data.communicationId === resolved.id), { what: 'the resolved notice on the bus' });

    await comms.publish('incident.all_clear_due', { resolvedAt: at(50).toISOString() }, { incidentId: incident.id, occurredAt: at(170) });
    const [allClear] = await waitFor(async () => {
      const drafts = await pending();
      return drafts.length === 1 ? drafts : undefined;
    }, { what: 'the all-clear' });
    expect(allClear).toMatchObject({ kind: 'all_clear', status: 'resolved', trigger: 'incident.all_clear_due' });
    expect(allClear.previews.email.subject).toBe('[All clear] Card payments failing');
    expect((await call('POST', `/api/v1/approvals/${allClear.id}/approve`, ADMIN, {})).status).toBe(200);
  });

  it('issues tokens to admins only, and shows each only once', async () => {
    const issued = await call<{ token: string; role: string; personId: string | null; tokenId: string }>('POST', '/api/v1/tokens', ADMIN, { role: 'comms_lead', label: 'Erin', personId: carol });
    expect(issued.status).toBe(201);
    expect(issued.body).toMatchObject({ role: 'comms_lead', personId: carol, token: expect.stringMatching(/^srp_/) });
    const stored = await sql.query(`SELECT token_hash FROM comms.api_tokens WHERE id = $1`, [issued.body.tokenId]);
    expect(stored.rows[0].token_hash).not.toContain(issued.body.token);
    expect((await call('POST', '/api/v1/tokens', tokens.carol, { role: 'admin', label: 'me' })).status).toBe(403);
    expect((await call<{ fields: { field: string }[] }>('POST', '/api/v1/tokens', ADMIN, { role: 'boss' })).body.fields.map((f) => f.field).sort()).toEqual(['label', 'role']);
  });
});
