import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEvent, encodeEvent, eventSubject } from '@sitrep/contracts';
import { waitFor } from '@sitrep/testing';
import { JiraFake } from '@sitrep/vendor-fakes';
import { InProcessCore, TEST_ADMIN_TOKEN as ADMIN } from '../../testing/in-process-core';
import type { PostmortemDocument } from './document';

const at = (hhmm: string, day = 26) => new Date(`2026-11-${day}T${hhmm}:00.000Z`);
/** Where the sample PDF goes, for the screenshot in docs/screenshots. */
const SAMPLE_PDF = join(tmpdir(), 'sitrep-postmortem-sample.pdf');

interface Deadline {
  kind: string;
  state: string;
  dueAt: string;
  metAt: string | null;
}

/**
 * The scripted P1 in compact form (the seed's real durations on a manual clock, real PostgreSQL and
 * NATS JetStream), then its post-mortem: the draft created on resolution and checked field by field,
 * people's sections, action items exported to a Jira fake, review, the 48-hour breach and its
 * escalation, publication, and the monthly report.
 */
describe('post-mortems that write themselves', () => {
  const jira = new JiraFake({ projects: ['OPS'] });
  const env: Record<string, string> = { SITREP_NORMAL_TICKETS_PER_HOUR: '20', SITREP_CUSTOMER_BASE_TOTAL: '2000', SITREP_REVENUE_PER_MINUTE: '100' };
  const core = new InProcessCore(at('10:00'), env);
  const clock = core.clock;
  const people: Record<string, { id: string; token: string; name: string; email: string }> = {};
  let incidentId = '';
  const call = <T = Record<string, unknown>>(method: string, path: string, token: string, body?: unknown) => core.call<T>(method, path, token, body);
  const pm = (suffix = '') => `/api/v1/incidents/${incidentId}/postmortem${suffix}`;

  beforeAll(async () => {
    await jira.start();
    Object.assign(env, jira.env('OPS'));
    await core.setUp();
  });

  afterAll(async () => {
    await core.tearDown();
    await jira.stop();
  });

  async function timeline(): Promise<{ kind: string; text: string; at: string }[]> {
    return (await call<{ timeline: { kind: string; text: string; at: string }[] }>('GET', `/api/v1/incidents/${incidentId}/timeline`, ADMIN)).body.timeline;
  }
  async function deadlines(): Promise<Deadline[]> {
    return (await call<{ deadlines: Deadline[] }>('GET', `/api/v1/incidents/${incidentId}/deadlines`, ADMIN)).body.deadlines;
  }
  async function advanceTo(time: Date, expectText: RegExp): Promise<void> {
    clock.set(time);
    await waitFor(async () => (await timeline()).some((l) => expectText.test(l.text)), { what: `timeline line ${expectText}`, timeoutMs: 10_000 });
  }
  async function publishCommunication(kind: 'initial' | 'update' | 'all_clear', publishedAt: Date): Promise<void> {
    const event = createEvent(
      'communication.published',
      { communicationId: crypto.randomUUID(), kind, publishedAt: publishedAt.toISOString(), subject: 'incident', title: 'Payment processing outage', status: kind === 'all_clear' ? 'resolved' : 'investigating', impact: 'critical', body: `Customer notice (${kind})`, components: [], channels: ['status_page'], scheduledFor: null, scheduledUntil: null },
      { actor: { kind: 'system', id: 'comms' }, incidentId, occurredAt: publishedAt },
    );
    await core.bus.publish(eventSubject(event.type), encodeEvent(event), { msgId: event.id });
    await waitFor(async () => (await timeline()).some((l) => l.kind === 'communication_published' && l.at === publishedAt.toISOString()), { what: `the ${kind} communication on the timeline` });
  }
  async function outbox(type: string): Promise<{ data: Record<string, unknown>; occurredAt: string }[]> {
    const { rows } = await core.sql.query(`SELECT event FROM core.outbox WHERE event->>'type' = $1 ORDER BY event->>'occurredAt'`, [type]);
    return rows.map((r) => r.event);
  }
  const getDoc = async () => (await call<PostmortemDocument>('GET', pm(), ADMIN)).body;

  it('runs the scripted P1 up to its resolution', async () => {
    const roster = [
      ['alice', 'Alice Commander', ['incident_commander'], true],
      ['bob', 'Bob Engineer', ['engineer'], true],
      ['carol', 'Carol Comms', ['comms_lead'], true],
      ['dave', 'Dave Executive', ['executive'], true],
      ['erin', 'Erin Support', ['support_lead'], true],
      ['vp', 'Victor VP Engineering', ['executive'], false],
      ['cto', 'Cora CTO', ['executive'], false],
      ['svp', 'Sam Support VP', ['executive'], false],
      ['cso', 'Cass CSO', ['executive'], false],
      ['pr', 'Pat PR', ['comms_lead'], false],
      ['viewer', 'Vera Viewer', ['engineer'], false],
    ] as const;
    for (const [key, name, roles, onCall] of roster) {
      const email = `${key}@example.test`;
      const created = await call<{ id: string }>('POST', '/api/v1/people', ADMIN, { name, email, roles, onCall });
      const role = key === 'carol' ? 'comms_lead' : key === 'viewer' ? 'viewer' : 'responder';
      const token = await call<{ token: string }>('POST', `/api/v1/people/${created.body.id}/tokens`, ADMIN, { role });
      people[key] = { id: created.body.id, token: token.body.token, name, email };
    }
    for (const [role, key] of [['engineering_vp', 'vp'], ['cto', 'cto'], ['support_vp', 'svp'], ['cso', 'cso'], ['pr', 'pr']]) {
      await call('PUT', `/api/v1/escalation-contacts/${role}`, ADMIN, { personId: people[key].id });
    }
    const declared = await call<{ id: string }>('POST', '/api/v1/incidents', people.erin.token, { title: 'Payment processing outage', severity: 'P1', trigger: 'multi_customer_impact', affectedCustomers: { count: 140 } });
    expect(declared.status).toBe(201);
    incidentId = declared.body.id;
    for (const [role, key] of [['engineering_lead', 'bob'], ['comms_lead', 'carol'], ['support_lead', 'erin']] as const) {
      await call('PUT', `/api/v1/incidents/${incidentId}/roles/${role}`, people.alice.token, { personId: people[key].id });
    }
    await call('POST', `/api/v1/incidents/${incidentId}/implementers`, people.alice.token, { personId: people.bob.id });
    expect((await call('GET', pm(), ADMIN)).status).toBe(404);

    clock.set(at('10:12'));
    await call('POST', `/api/v1/incidents/${incidentId}/assessment`, people.alice.token, { impactScope: 'card payments fail for EU customers', customersAffected: 140, enterpriseCustomersAffected: ['Acme Corp'], severityConfirmed: 'P1' });
    await advanceTo(at('10:30'), /first customer notice due now/);
    clock.set(at('10:31'));
    await publishCommunication('initial', at('10:31'));
    clock.set(at('10:58'));
    await call('POST', `/api/v1/incidents/${incidentId}/executive-updates`, people.alice.token, { summary: 'EU card payments failing; fix in progress' });
    await advanceTo(at('11:06'), /customer update missed/);
    clock.set(at('11:07'));
    await publishCommunication('update', at('11:07'));
    clock.set(at('11:10'));
    await call('POST', `/api/v1/incidents/${incidentId}/ticket-volume`, people.erin.token, { count: 40, windowMinutes: 60 });
    for (let i = 0; i < 3; i++) await call('POST', `/api/v1/incidents/${incidentId}/ticket-volume`, people.erin.token, { count: 30, windowMinutes: 15 });
    clock.set(at('11:11'));
    await call('POST', `/api/v1/incidents/${incidentId}/media-attention`, people.carol.token, { details: 'trending on social media' });
    clock.set(at('11:45'));
    expect((await call('POST', `/api/v1/incidents/${incidentId}/status`, people.bob.token, { status: 'identified', reason: 'expired TLS certificate on the card gateway' })).status).toBe(200);
    await advanceTo(at('12:00'), /escalated to Victor VP Engineering/);
    clock.set(at('12:10'));
    await call('POST', `/api/v1/incidents/${incidentId}/fix-deployed`, people.bob.token, { deployRef: 'payments@4f2a9c1' });
    await call('POST', `/api/v1/incidents/${incidentId}/verifications`, people.bob.token, { passed: true, details: 'synthetic checkout passes' });
    clock.set(at('12:11'));
    await call('POST', `/api/v1/incidents/${incidentId}/signals`, people.bob.token, { healthy: true });
    clock.set(at('12:21'));
    await call('POST', `/api/v1/incidents/${incidentId}/signals`, people.bob.token, { healthy: false });
    clock.set(at('12:22'));
    await call('POST', `/api/v1/incidents/${incidentId}/signals`, people.bob.token, { healthy: true });
    await advanceTo(at('12:37'), /stable for the whole stability window/);
    const resolved = await call('POST', `/api/v1/incidents/${incidentId}/resolve`, people.alice.token);
    expect(resolved.status).toBe(200);
  });

  it('creates the draft in the resolve transaction and fills the summary and impact', async () => {
    const doc = await getDoc();
    expect(doc).toMatchObject({ state: 'draft', createdAt: at('12:37').toISOString(), due: { at: at('12:37', 28).toISOString(), state: 'pending', metAt: null } });
    expect(doc.summary).toEqual({
      title: 'Payment processing outage',
      reference: 'INC-0001',
      date: '2026-11-26 10:00–12:37 UTC',
      severity: 'P1',
      start: at('10:00').toISOString(),
      end: at('12:37').toISOString(),
      durationMinutes: 157,
      duration: '2h 37m',
      incidentCommander: 'Alice Commander',
    });
    expect(doc.impact.customersText).toBe('140 (7% of total customer base)');
    expect(doc.impact.revenue.text).toBe('$15,700 (estimated lost revenue during outage: 157 min × $100/min)');
    expect(doc.impact.slaBreaches.text).toBe('0 customers (no compensation authorised)');
    expect(doc.impact.supportTickets).toMatchObject({ tickets: 60, increasePercent: 200 });
    expect(doc.impact.reputation.text).toBe('media attention flagged: 11:11 escalated to Pat PR (pr): media attention: trending on social media');
    const [created] = await outbox('postmortem.draft_created');
    expect(created.data).toEqual({
      incidentId,
      dueAt: at('12:37', 28).toISOString(),
      reviewSlot: { start: at('13:00', 27).toISOString(), end: at('14:00', 27).toISOString(), withinDeadline: true },
      attendeePersonIds: [people.alice.id, people.bob.id, people.erin.id, people.carol.id],
      ics: expect.stringContaining('DTSTART:20261127T130000Z'),
      summary: 'Post-mortem review: INC-0001 Payment processing outage',
    });
    expect((await timeline()).some((l) => l.kind === 'postmortem_draft' && l.text === 'post-mortem draft created; review proposed 2026-11-27 13:00 UTC (post-mortem due 2026-11-28 12:37 UTC)')).toBe(true);
  });

  it('fills the template timeline with the recorded times', async () => {
    const doc = await getDoc();
    expect(doc.timeline.map((r) => [r.key, r.time, r.text])).toEqual([
      ['detected', '10:00', 'Incident detected by multi-customer impact (140 customers), reported by Erin Support'],
      ['declared', '10:00', 'P1 declared by Erin Support'],
      ['war_room', 'not recorded', 'War room activated: not recorded'],
      ['first_customer_notice', '10:31', 'First customer notification sent'],
      ['root_cause_identified', '11:45', 'Root cause identified: expired TLS certificate on the card gateway'],
      ['fix_deployed', '12:10', 'Fix deployed (payments@4f2a9c1)'],
      ['resolution_verified', '12:10', 'Resolution verified (synthetic checkout passes)'],
      ['resolved', '12:37', 'Incident resolved declared by Alice Commander'],
      ['all_clear', 'not recorded', 'All-clear notification sent: not yet'],
    ]);
    expect(doc.fullTimeline.length).toBe((await timeline()).length);
  });

  it('measures response effectiveness exactly as the clocks recorded it', async () => {
    const doc = await getDoc();
    const clocks = await deadlines();
    const declaredAt = at('10:00').getTime();
    const mins = (iso: string) => Math.round((Date.parse(iso) - declaredAt) / 60_000);
    const assessment = clocks.find((d) => d.kind === 'assessment')!;
    const notice = clocks.find((d) => d.kind === 'first_customer_notice')!;
    expect(doc.effectiveness.assessment).toMatchObject({ minutes: mins(assessment.metAt!), targetMinutes: mins(assessment.dueAt), text: 'assessment at 12 min (target 15)' });
    expect(doc.effectiveness.firstCustomerNotice).toMatchObject({ minutes: mins(notice.metAt!), targetMinutes: mins(notice.dueAt), text: 'first customer notice at 31 min (target 30)' });
    const fellDue = (kind: string) => clocks.filter((d) => d.kind === kind && (d.state === 'met' || d.state === 'breached'));
    const onTime = (kind: string) => fellDue(kind).filter((d) => d.metAt && d.metAt <= d.dueAt).length;
    expect([doc.effectiveness.customerUpdates.due, doc.effectiveness.customerUpdates.onTime]).toEqual([fellDue('customer_update').length, onTime('customer_update')]);
    expect(doc.effectiveness.customerUpdates.text).toBe('0 of 2 updates on cadence (every 30 min)');
    expect([doc.effectiveness.executiveUpdates.due, doc.effectiveness.executiveUpdates.onTime]).toEqual([fellDue('executive_update').length, onTime('executive_update')]);
    expect(doc.effectiveness.executiveUpdates.text).toBe('1 of 2 executive updates on time (every 60 min)');
    const escalations = (await call<{ escalations: { path: string; level: number; firedAt: string }[] }>('GET', `/api/v1/incidents/${incidentId}/escalations`, ADMIN)).body.escalations;
    expect(doc.effectiveness.escalations.map((e) => [e.path, e.level, e.at])).toEqual(escalations.map((e) => [e.path, e.level, e.firedAt]));
    expect(doc.effectiveness.clocks.map((c) => c.kind)).toEqual(clocks.map((d) => d.kind));
    expect(doc.wentWell.suggested).toContain('Fast initial assessment (12 min vs. 15 min target)');
    expect(doc.couldImprove.suggested).toContain('Slower customer notification (31 min vs. 30 min target)');
    expect(doc.couldImprove.suggested).toContain('Stability window restarted 1 time after unhealthy signals');
  });

  it('serves the review invitation as iCalendar, inviting the commander, the leads and the implementers', async () => {
    const response = await fetch(`${core.url}${pm('/review.ics')}`, { headers: { authorization: `Bearer ${people.viewer.token}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/calendar/);
    const ics = (await response.text()).replace(/\r\n /g, '');
    expect(ics).toContain('DTSTART:20261127T130000Z\r\nDTEND:20261127T140000Z');
    expect(ics).toContain('ORGANIZER;CN="Alice Commander":mailto:alice@example.test');
    const attendees = ics.split('\r\n').filter((l) => l.startsWith('ATTENDEE'));
    expect(attendees.map((l) => l.replace(/.*mailto:/, ''))).toEqual(['alice@example.test', 'bob@example.test', 'erin@example.test', 'carol@example.test']);
    expect(attendees[0]).toContain('ROLE=CHAIR');
    expect((await fetch(`${core.url}${pm('/review.ics')}`)).status).toBe(401);
  });

  it('keeps filling itself after resolution: compensation, then the all-clear', async () => {
    clock.set(at('12:40'));
    expect((await call('POST', `/api/v1/incidents/${incidentId}/compensations`, people.dave.token, { amount: 5000, currency: 'USD', customers: ['Acme Corp', 'Globex'], reason: 'SLA credit' })).status).toBe(201);
    await advanceTo(at('14:37'), /the all-clear is due/);
    await publishCommunication('all_clear', at('14:40'));
    const doc = await getDoc();
    expect(doc.impact.slaBreaches.text).toBe('2 customers (credits issued: $5,000)');
    expect(doc.timeline.find((r) => r.key === 'all_clear')).toMatchObject({ time: '14:40', text: 'All-clear notification sent' });
  });

  it('keeps every edit of a section with its author and time', async () => {
    clock.set(at('16:00'));
    const write = (key: string, token: string, text: string) => call<{ version: number }>('PUT', pm(`/sections/${key}`), token, { text });
    expect((await write('root_cause', people.bob.token, 'The certificate expired.')).body.version).toBe(1);
    clock.set(at('16:05'));
    expect((await write('root_cause', people.alice.token, 'The TLS certificate of the card gateway expired; Bob Engineer found it in the logs.')).body.version).toBe(2);
    await write('contributing_factors', people.carol.token, 'Renewal was manual; the expiry alert went to an unmonitored mailbox.');
    await write('prevention_prevent', people.bob.token, 'Automate certificate renewal for every gateway.');
    await write('prevention_detect', people.bob.token, 'Alert 14 days before any certificate expires.');
    expect((await write('nonsense', people.bob.token, 'x')).status).toBe(400);
    expect((await write('root_cause', people.bob.token, '  ')).status).toBe(400);
    expect((await write('root_cause', people.viewer.token, 'x')).status).toBe(403);
    const history = (await call<{ history: { section: string; version: number; text: string; author: { id: string }; writtenAt: string }[] }>('GET', pm('/history'), people.viewer.token)).body.history;
    expect(history.filter((h) => h.section === 'root_cause').map((h) => [h.version, h.author.id, h.writtenAt])).toEqual([
      [1, people.bob.id, at('16:00').toISOString()],
      [2, people.alice.id, at('16:05').toISOString()],
    ]);
    const doc = await getDoc();
    expect(doc.rootCause.technical).toMatch(/^The TLS certificate/);
    expect(doc.missingForPublish).toEqual(['prevention_respond']);
  });

  it('tracks action items and exports one to Jira with the right request', async () => {
    const add = (body: unknown) => call<{ id: string; position: number; owner: { name: string }; overdue: boolean }>('POST', pm('/action-items'), people.alice.token, body);
    const first = await add({ title: 'Automate certificate renewal', ownerPersonId: people.bob.id, dueDate: '2026-12-04', priority: 'medium' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ position: 1, owner: { name: 'Bob Engineer' }, overdue: false });
    const second = await add({ title: 'Write the gateway TLS runbook', ownerPersonId: people.alice.id, dueDate: '2026-11-27', priority: 'low' });
    expect(second.body.position).toBe(2);
    expect((await add({ title: 'x', ownerPersonId: crypto.randomUUID(), dueDate: '2026-12-01', priority: 'high' })).status).toBe(400);
    expect((await add({ title: 'x', ownerPersonId: people.bob.id, dueDate: '2026-02-30', priority: 'high' })).status).toBe(400);
    const patched = await call<{ priority: string }>('PATCH', pm(`/action-items/${first.body.id}`), people.bob.token, { priority: 'high' });
    expect(patched.body).toMatchObject({ priority: 'high' });

    const exported = await call<{ jira: { key: string; url: string } }>('POST', pm(`/action-items/${first.body.id}/export`), people.bob.token);
    expect(exported.status).toBe(201);
    expect(exported.body.jira).toEqual({ key: 'OPS-1', url: `${jira.url}/browse/OPS-1` });
    expect(jira.requests).toHaveLength(1);
    const request = jira.requests[0];
    expect([request.method, request.path]).toEqual(['POST', '/rest/api/2/issue']);
    expect(request.headers.authorization).toBe(`Basic ${Buffer.from(`${jira.user}:${jira.apiToken}`).toString('base64')}`);
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.json).toMatchObject({
      fields: { project: { key: 'OPS' }, issuetype: { name: 'Task' }, summary: 'Automate certificate renewal', priority: { name: 'High' }, duedate: '2026-12-04', labels: ['sitrep', 'postmortem', 'INC-0001'] },
    });
    expect((request.json as { fields: { description: string } }).fields.description).toContain('Owner: Bob Engineer. Due: 2026-12-04. Priority: high.');
    expect((await call('POST', pm(`/action-items/${first.body.id}/export`), people.bob.token)).status).toBe(409);
    jira.failNext(503);
    const failed = await call<{ message: string }>('POST', pm(`/action-items/${second.body.id}/export`), people.bob.token);
    expect(failed.status).toBe(502);
    expect(failed.body.message).toMatch(/^Jira refused the issue \(503\)/);
    const items = (await call<{ actionItems: { jira: unknown }[] }>('GET', pm('/action-items'), people.viewer.token)).body.actionItems;
    expect(items.map((i) => i.jira)).toEqual([{ key: 'OPS-1', url: `${jira.url}/browse/OPS-1` }, null]);
  });

  it('renders the post-mortem as Markdown and as a PDF', async () => {
    const md = await fetch(`${core.url}${pm('.md')}`, { headers: { authorization: `Bearer ${people.viewer.token}` } });
    expect(md.status).toBe(200);
    expect(md.headers.get('content-type')).toMatch(/^text\/markdown/);
    const text = await md.text();
    for (const heading of ['## Incident Summary', '## Impact', '## Timeline', '## Root Cause', '## Response Effectiveness', '## What Went Well', '## What Could Be Improved', '## Action Items', '## Prevention', '## Distribution']) {
      expect(text).toContain(heading);
    }
    expect(text).toContain('1. Automate certificate renewal — Owner: Bob Engineer — Due: 2026-12-04 — Priority: High — Status: open — Jira: [OPS-1]');
    const pdf = await fetch(`${core.url}${pm('.pdf')}`, { headers: { authorization: `Bearer ${people.viewer.token}` } });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('%PDF');
    writeFileSync(SAMPLE_PDF, bytes);
    expect((await fetch(`${core.url}${pm('.pdf')}`)).status).toBe(401);
  });

  it('is reviewed by the commander only, and published only once reviewed and complete', async () => {
    clock.set(at('13:30', 27));
    expect((await call<{ message: string }>('POST', pm('/publish'), people.alice.token)).body.message).toMatch(/has not been reviewed/);
    expect((await call('POST', pm('/review'), people.bob.token, {})).status).toBe(403);
    const reviewed = await call<{ state: string }>('POST', pm('/review'), people.alice.token, { notes: 'Blameless review held with the responders' });
    expect(reviewed.body.state).toBe('reviewed');
    const incomplete = await call<{ message: string }>('POST', pm('/publish'), people.alice.token);
    expect(incomplete.status).toBe(409);
    expect(incomplete.body.message).toBe('cannot publish: still to write: prevention_respond (How to respond more effectively)');
    // The failed attempt rolled back: the clock is still open.
    expect((await deadlines()).find((d) => d.kind === 'postmortem')?.state).toBe('pending');
  });

  it('escalates a post-mortem still unpublished at 48 hours, and reminds owners of overdue action items once a day', async () => {
    await advanceTo(at('12:43', 28), /escalated to Cora CTO \(cto\): post-mortem still not published 48h after resolution/);
    const pmClock = (await deadlines()).find((d) => d.kind === 'postmortem');
    expect(pmClock).toMatchObject({ state: 'breached', metAt: null });
    await waitFor(async () => (await outbox('postmortem.action_item_overdue')).length === 1, { what: 'the overdue reminder' });
    const [reminder] = await outbox('postmortem.action_item_overdue');
    expect(reminder.data).toMatchObject({ incidentId, title: 'Write the gateway TLS runbook', ownerPersonId: people.alice.id, dueDate: '2026-11-27', priority: 'low', daysOverdue: 1, jiraKey: null });
    clock.set(at('18:00', 28));
    await new Promise((ok) => setTimeout(ok, 200));
    expect(await outbox('postmortem.action_item_overdue')).toHaveLength(1);
    clock.set(at('12:44', 29));
    await waitFor(async () => (await outbox('postmortem.action_item_overdue')).length === 2, { what: 'the next day’s reminder' });
    expect((await outbox('postmortem.action_item_overdue'))[1].data).toMatchObject({ daysOverdue: 2 });
  });

  it('publishes: meets the clock (late), freezes the text and sends the external version to comms without names', async () => {
    clock.set(at('13:00', 29));
    await call('PUT', pm('/sections/prevention_respond'), people.alice.token, { text: 'Runbook for gateway TLS failures; Carol Comms to template the customer notice.' });
    const published = await call<PostmortemDocument>('POST', pm('/publish'), people.alice.token);
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ state: 'published', publication: { at: at('13:00', 29).toISOString(), by: 'Alice Commander' } });
    expect((await deadlines()).find((d) => d.kind === 'postmortem')).toMatchObject({ state: 'breached', metAt: at('13:00', 29).toISOString() });
    const [event] = await outbox('postmortem.published');
    const data = event.data as { incidentId: string; external: Record<string, string> };
    expect(data.incidentId).toBe(incidentId);
    expect(Object.keys(data.external).sort()).toEqual(['impact', 'prevention', 'rootCause', 'summary', 'title']);
    expect(data.external.rootCause).toContain('our engineering lead found it in the logs');
    expect(data.external.prevention).toContain('our communications lead to template the customer notice');
    const external = JSON.stringify(data.external);
    for (const p of Object.values(people)) expect(external).not.toContain(p.name.split(' ')[0]);
    expect(external).not.toMatch(/Acme|Globex|15,700/);
    expect((await call('PUT', pm('/sections/root_cause'), people.alice.token, { text: 'changed' })).status).toBe(409);
    expect((await call('POST', pm('/publish'), people.alice.token)).status).toBe(409);
    // Action items stay live after publication.
    const items = (await call<{ actionItems: { id: string }[] }>('GET', pm('/action-items'), ADMIN)).body.actionItems;
    await call('PATCH', pm(`/action-items/${items[1].id}`), people.alice.token, { status: 'done' });
    const doc = await getDoc();
    expect(doc.state).toBe('published');
    expect(doc.actionItems.map((i) => i.status)).toEqual(['open', 'done']);
    expect((await timeline()).map((l) => l.kind)).toEqual(expect.arrayContaining(['postmortem_reviewed', 'postmortem_published']));
  });

  it('reports the month: JSON, CSV and an HTML page with charts', async () => {
    const report = await call<{ incidents: { total: number; bySeverity: Record<string, number> }; timings: Record<string, { medianMinutes: number | null }>; cadence: unknown; escalations: unknown; actionItems: unknown; postmortems: unknown }>(
      'GET',
      '/api/v1/reports/monthly?month=2026-11',
      people.viewer.token,
    );
    expect(report.status).toBe(200);
    expect(report.body.incidents).toMatchObject({ total: 1, bySeverity: { P1: 1, P2: 0, P3: 0, P4: 0 } });
    // Alice staffed the roles in the minute of the declaration (Erin declared): acknowledged at 0 minutes.
    expect(report.body.timings.timeToAcknowledge.medianMinutes).toBe(0);
    expect(report.body.timings.timeToFirstCustomerNotice.medianMinutes).toBe(31);
    expect(report.body.timings.timeToResolve.medianMinutes).toBe(157);
    expect(report.body.cadence).toEqual({ updatesDue: 2, updatesOnTime: 0, adherencePercent: 0 });
    expect(report.body.escalations).toEqual({ total: 5, byPath: { engineering: 2, support: 2, communications: 1 }, incidentsEscalated: 1 });
    expect(report.body.actionItems).toEqual({ total: 2, open: 1, done: 1, overdue: 0 });
    expect(report.body.postmortems).toEqual({ due: 1, published: 1, publishedOnTime: 0, overdue: 0 });
    const csv = await fetch(`${core.url}/api/v1/reports/monthly.csv?month=2026-11`, { headers: { authorization: `Bearer ${people.viewer.token}` } });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^INC-0001,Payment processing outage,P1,2026-11-26T10:00:00.000Z,2026-11-26T12:37:00.000Z,0,31,157,2,0,5,1,0,published \(missed\)$/);
    const html = await fetch(`${core.url}/api/v1/reports/monthly.html?month=2026-11`, { headers: { authorization: `Bearer ${people.viewer.token}` } });
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    expect((await html.text()).match(/<svg /g)).toHaveLength(7);
    expect((await call('GET', '/api/v1/reports/monthly?month=2026-13', people.viewer.token)).status).toBe(400);
    expect((await call<{ incidents: { total: number } }>('GET', '/api/v1/reports/monthly?month=2026-10', people.viewer.token)).body.incidents.total).toBe(0);
  });
});
