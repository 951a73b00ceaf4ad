import { createEvent, encodeEvent, eventSubject } from '@sitrep/contracts';
import { waitFor } from '@sitrep/testing';
import { InProcessCore, TEST_ADMIN_TOKEN as ADMIN } from '../testing/in-process-core';

const at = (hhmm: string, day = 26) => new Date(`2026-11-${day}T${hhmm}:00.000Z`);

/**
 * The seed's whole P1 process on the seed's own clocks (15 min, 30 min, 1 h, 2 h, 48 h), driven by a
 * manual clock: nobody waits real minutes. incident-core runs in this process against real PostgreSQL
 * and real NATS JetStream, and is restarted in the middle.
 */
describe('a scripted P1, from declaration to closed', () => {
  const core = new InProcessCore(at('10:00'), { SITREP_NORMAL_TICKETS_PER_HOUR: '20', SITREP_CUSTOMER_BASE_TOTAL: '2000' });
  const clock = core.clock;
  const call = <T = Record<string, unknown>>(method: string, path: string, token: string, body?: unknown) => core.call<T>(method, path, token, body);

  beforeAll(() => core.setUp());

  afterAll(() => core.tearDown());

  const people: Record<string, { id: string; token: string }> = {};
  let incidentId = '';

  async function timeline(): Promise<{ kind: string; text: string; at: string }[]> {
    return (await call<{ timeline: { kind: string; text: string; at: string }[] }>('GET', `/api/v1/incidents/${incidentId}/timeline`, ADMIN)).body.timeline;
  }
  async function deadlines(): Promise<{ kind: string; state: string; dueAt: string; metAt: string | null; ownerPersonId: string | null }[]> {
    return (await call<{ deadlines: never[] }>('GET', `/api/v1/incidents/${incidentId}/deadlines`, ADMIN)).body.deadlines;
  }
  /** Moves the clock and waits until the scheduler has written the expected line. */
  async function advanceTo(time: Date, expectText: RegExp): Promise<void> {
    clock.set(time);
    await waitFor(async () => (await timeline()).some((l) => expectText.test(l.text)), { what: `timeline line ${expectText}`, timeoutMs: 10_000 });
  }
  async function publishCommunication(kind: 'initial' | 'update' | 'resolved' | 'all_clear', publishedAt: Date): Promise<void> {
    // What comms publishes once the comms lead approved a notice (comms itself is another service).
    const status = kind === 'all_clear' || kind === 'resolved' ? 'resolved' : 'investigating';
    const event = createEvent(
      'communication.published',
      { communicationId: crypto.randomUUID(), kind, publishedAt: publishedAt.toISOString(), subject: 'incident', title: 'Payment processing outage', status, impact: 'critical', body: `Customer notice (${kind})`, components: [], channels: ['status_page', 'email'], scheduledFor: null, scheduledUntil: null },
      { actor: { kind: 'system', id: 'comms' }, incidentId, occurredAt: publishedAt },
    );
    await core.bus.publish(eventSubject(event.type), encodeEvent(event), { msgId: event.id });
  }

  it('loads the roster: people with tokens and the escalation contacts', async () => {
    const roster = [
      ['alice', 'Alice Commander', ['incident_commander'], true],
      ['bob', 'Bob Engineer', ['engineer', 'on_call_engineer'], true],
      ['carol', 'Carol Comms', ['comms_lead'], true],
      ['dave', 'Dave Executive', ['executive'], true],
      ['erin', 'Erin Support', ['support_lead'], true],
      ['vp', 'Victor VP Engineering', ['executive'], false],
      ['cto', 'Cora CTO', ['executive'], false],
      ['svp', 'Sam Support VP', ['executive'], false],
      ['cso', 'Cass CSO', ['executive'], false],
      ['pr', 'Pat PR', ['comms_lead'], false],
      ['ceo', 'Cleo CEO', ['executive'], false],
    ] as const;
    for (const [key, name, roles, onCall] of roster) {
      const created = await call<{ id: string }>('POST', '/api/v1/people', ADMIN, { name, email: `${key}@example.test`, roles, onCall });
      expect(created.status).toBe(201);
      const token = await call<{ token: string }>('POST', `/api/v1/people/${created.body.id}/tokens`, ADMIN, { role: key === 'carol' ? 'comms_lead' : 'responder' });
      expect(token.status).toBe(201);
      people[key] = { id: created.body.id, token: token.body.token };
    }
    for (const [role, key] of [['engineering_vp', 'vp'], ['cto', 'cto'], ['support_vp', 'svp'], ['cso', 'cso'], ['pr', 'pr'], ['ceo', 'ceo']]) {
      expect((await call('PUT', `/api/v1/escalation-contacts/${role}`, ADMIN, { personId: people[key].id })).status).toBe(200);
    }
  });

  it('declares the P1 on detected multi-customer impact, with the on-call commander and sponsor, and starts the clocks', async () => {
    const declared = await call<{ id: string; commanderId: string; status: string }>('POST', '/api/v1/incidents', people.erin.token, {
      title: 'Payment processing outage',
      severity: 'P1',
      trigger: 'multi_customer_impact',
      affectedCustomers: { count: 140 },
    });
    expect(declared.status).toBe(201);
    expect(declared.body).toMatchObject({ commanderId: people.alice.id, status: 'declared' });
    incidentId = declared.body.id;
    const clocks = await deadlines();
    expect(clocks.map((d) => [d.kind, d.dueAt, d.state, d.ownerPersonId])).toEqual([
      ['assessment', at('10:15').toISOString(), 'pending', people.alice.id],
      ['first_customer_notice', at('10:30').toISOString(), 'pending', null],
      ['executive_update', at('11:00').toISOString(), 'pending', people.alice.id],
      ['escalation_engineering_vp', at('12:00').toISOString(), 'pending', people.alice.id],
      ['escalation_cto', at('13:00').toISOString(), 'pending', people.alice.id],
    ]);
    const detail = await call<{ roles: Record<string, { personId: string | null; checklist: string[] }> }>('GET', `/api/v1/incidents/${incidentId}`, ADMIN);
    expect(detail.body.roles.executive_sponsor.personId).toBe(people.dave.id);
    expect(detail.body.roles.commander.checklist).toContain('Authorise escalation to executives');
  });

  it('staffs the roles and keeps the commander off the fix, naming the person', async () => {
    for (const [role, key] of [['engineering_lead', 'bob'], ['comms_lead', 'carol'], ['support_lead', 'erin']] as const) {
      expect((await call('PUT', `/api/v1/incidents/${incidentId}/roles/${role}`, people.alice.token, { personId: people[key].id })).status).toBe(200);
    }
    expect((await call('POST', `/api/v1/incidents/${incidentId}/implementers`, people.alice.token, { personId: people.bob.id })).status).toBe(201);
    const selfFix = await call<{ message: string }>('POST', `/api/v1/incidents/${incidentId}/implementers`, people.alice.token, { personId: people.alice.id });
    expect(selfFix.status).toBe(409);
    expect(selfFix.body.message).toBe('Alice Commander is the incident commander and cannot implement the fix');
    const implementerCommands = await call<{ message: string }>('PUT', `/api/v1/incidents/${incidentId}/roles/commander`, people.alice.token, { personId: people.bob.id });
    expect(implementerCommands.status).toBe(409);
    expect(implementerCommands.body.message).toBe('Bob Engineer is implementing the fix and cannot be the incident commander');
    const notCommander = await call('POST', `/api/v1/incidents/${incidentId}/resolve`, people.bob.token);
    expect(notCommander.status).toBe(403);
  });

  it('warns before the 15-minute assessment and meets it when the assessment is recorded', async () => {
    await advanceTo(at('10:11'), /initial assessment due in 240s/);
    clock.set(at('10:12'));
    const assessed = await call<{ assessment: { customersAffectedPercent: number } }>('POST', `/api/v1/incidents/${incidentId}/assessment`, people.alice.token, {
      impactScope: 'card payments fail for EU customers',
      customersAffected: 140,
      enterpriseCustomersAffected: ['Acme Corp'],
      severityConfirmed: 'P1',
    });
    expect(assessed.status).toBe(200);
    expect(assessed.body.assessment.customersAffectedPercent).toBe(7);
    expect((await deadlines()).find((d) => d.kind === 'assessment')).toMatchObject({ state: 'met', metAt: at('10:12').toISOString() });
  });

  it('marks the first customer notice due at 30 minutes, met by the published notice, and arms the 30-minute cadence', async () => {
    await advanceTo(at('10:30'), /first customer notice due now/);
    clock.set(at('10:31'));
    await publishCommunication('initial', at('10:31'));
    await waitFor(async () => (await deadlines()).some((d) => d.kind === 'customer_update'), { what: 'the cadence clock' });
    const clocks = await deadlines();
    expect(clocks.find((d) => d.kind === 'first_customer_notice')).toMatchObject({ state: 'met', metAt: at('10:31').toISOString() });
    expect(clocks.find((d) => d.kind === 'customer_update')).toMatchObject({ state: 'pending', dueAt: at('11:01').toISOString() });
  });

  it('keeps the hourly executive update: reminded, sent, the next interval armed', async () => {
    await advanceTo(at('10:56'), /executive update due in 240s/);
    clock.set(at('10:58'));
    expect((await call('POST', `/api/v1/incidents/${incidentId}/executive-updates`, people.alice.token, { summary: 'EU card payments failing; fix in progress' })).status).toBe(201);
    const exec = (await deadlines()).filter((d) => d.kind === 'executive_update');
    expect(exec.map((d) => [d.state, d.dueAt])).toEqual([
      ['met', at('11:00').toISOString()],
      // The cadence keeps to the hour from declaration: the next interval is 11:00 to 12:00.
      ['pending', at('12:00').toISOString()],
    ]);
  });

  it('records a missed customer update as breached, and still records when it went out', async () => {
    await advanceTo(at('11:06'), /customer update missed/);
    await publishCommunication('update', at('11:07'));
    await waitFor(async () => (await deadlines()).filter((d) => d.kind === 'customer_update').length === 2, { what: 'the next cadence clock' });
    const cadence = (await deadlines()).filter((d) => d.kind === 'customer_update');
    expect(cadence.map((d) => [d.state, d.metAt, d.dueAt])).toEqual([
      ['breached', at('11:07').toISOString(), at('11:01').toISOString()],
      ['pending', null, at('11:37').toISOString()],
    ]);
  });

  it('escalates ticket volume over five times normal to the support VP, then the CSO, once each', async () => {
    clock.set(at('11:10'));
    const calm = await call<{ multiple: number; escalated: boolean }>('POST', `/api/v1/incidents/${incidentId}/ticket-volume`, people.erin.token, { count: 40, windowMinutes: 60 });
    expect(calm.body).toEqual({ multiple: 2, escalated: false });
    const results = [];
    for (let i = 0; i < 3; i++) results.push((await call<{ escalated: boolean }>('POST', `/api/v1/incidents/${incidentId}/ticket-volume`, people.erin.token, { count: 30, windowMinutes: 15 })).body.escalated);
    expect(results).toEqual([true, true, false]);
    clock.set(at('11:11'));
    const media = await call<{ escalated: boolean }>('POST', `/api/v1/incidents/${incidentId}/media-attention`, people.carol.token, { details: 'trending on social media' });
    expect(media.body.escalated).toBe(true);
  });

  it('escalates to the engineering VP at two hours unresolved, exactly once across a restart', async () => {
    clock.set(at('11:59'));
    await core.restart();
    await advanceTo(at('12:00'), /escalated to Victor VP Engineering \(engineering_vp\): unresolved after 2h/);
    await core.restart();
    clock.set(at('12:05'));
    await new Promise((ok) => setTimeout(ok, 200));
    const escalations = (await call<{ escalations: { path: string; level: number; contactRole: string; personId: string }[] }>('GET', `/api/v1/incidents/${incidentId}/escalations`, ADMIN)).body.escalations;
    expect(escalations.map((e) => [e.path, e.level, e.contactRole, e.personId])).toEqual([
      ['support', 1, 'support_vp', people.svp.id],
      ['support', 2, 'cso', people.cso.id],
      ['communications', 1, 'pr', people.pr.id],
      ['engineering', 1, 'engineering_vp', people.vp.id],
    ]);
  });

  it('refuses to resolve before the fix is verified and stable for the whole window; an unhealthy signal restarts it', async () => {
    clock.set(at('12:10'));
    expect((await call('POST', `/api/v1/incidents/${incidentId}/fix-deployed`, people.bob.token, { deployRef: 'payments@4f2a9c1' })).status).toBe(200);
    const unverified = await call<{ message: string }>('POST', `/api/v1/incidents/${incidentId}/resolve`, people.alice.token);
    expect(unverified.status).toBe(409);
    expect(unverified.body.message).toBe('cannot resolve: no passing verification has been recorded for the deployed fix');
    expect((await call('POST', `/api/v1/incidents/${incidentId}/verifications`, people.bob.token, { passed: true, details: 'synthetic checkout passes' })).status).toBe(200);
    clock.set(at('12:11'));
    await call('POST', `/api/v1/incidents/${incidentId}/signals`, people.bob.token, { healthy: true });
    clock.set(at('12:20'));
    const early = await call<{ message: string }>('POST', `/api/v1/incidents/${incidentId}/resolve`, people.alice.token);
    expect(early.status).toBe(409);
    expect(early.body.message).toBe('cannot resolve: the service has been stable for 540s of the required 900s stability window (360s to go)');
    clock.set(at('12:21'));
    const unhealthy = await call('POST', `/api/v1/incidents/${incidentId}/signals`, people.bob.token, { healthy: false });
    expect(unhealthy).toEqual({ status: 200, body: { possibleRecurrence: false } });
    clock.set(at('12:22'));
    await call('POST', `/api/v1/incidents/${incidentId}/signals`, people.bob.token, { healthy: true });
    clock.set(at('12:30'));
    expect((await call('POST', `/api/v1/incidents/${incidentId}/resolve`, people.alice.token)).status).toBe(409);
    await advanceTo(at('12:37'), /stable for the whole stability window/);
    const resolved = await call<{ status: string; recoveryWatchEndsAt: string }>('POST', `/api/v1/incidents/${incidentId}/resolve`, people.alice.token);
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ status: 'recovery_watch', recoveryWatchEndsAt: at('14:37').toISOString() });
  });

  it('holds the recovery watch for two hours, then makes the all-clear due, and closes on the commander\'s word', async () => {
    clock.set(at('13:30'));
    const tooSoon = await call<{ message: string }>('POST', `/api/v1/incidents/${incidentId}/close`, people.alice.token);
    expect(tooSoon.status).toBe(409);
    expect(tooSoon.body.message).toBe(`cannot close: the recovery watch runs until ${at('14:37').toISOString()}`);
    await advanceTo(at('14:37'), /the all-clear is due/);
    await publishCommunication('all_clear', at('14:40'));
    clock.set(at('14:45'));
    expect((await call('POST', `/api/v1/incidents/${incidentId}/close`, people.bob.token)).status).toBe(403);
    const closed = await call<{ status: string }>('POST', `/api/v1/incidents/${incidentId}/close`, people.alice.token);
    expect(closed.body.status).toBe('closed');
  });

  it('ends with every clock met, breached or cancelled as the script intended, the post-mortem still due', async () => {
    const clocks = await deadlines();
    // Nobody updated customers between 11:07 and the all-clear, nor the executives after 10:58: both breached.
    expect(clocks.map((d) => [d.kind, d.state])).toEqual([
      ['assessment', 'met'],
      ['first_customer_notice', 'met'],
      ['executive_update', 'met'],
      ['customer_update', 'breached'],
      ['customer_update', 'breached'],
      ['escalation_engineering_vp', 'met'],
      ['executive_update', 'breached'],
      ['stability_window', 'cancelled'],
      ['stability_window', 'met'],
      ['escalation_cto', 'cancelled'],
      // The interval that started at 12:00 ended with the resolution.
      ['executive_update', 'cancelled'],
      ['recovery_watch', 'met'],
      ['postmortem', 'pending'],
    ]);
    expect(clocks.find((d) => d.kind === 'postmortem')?.dueAt).toBe(at('12:37', 28).toISOString());
    // The all-clear at 14:40 finally met the overdue cadence clock; the record keeps both facts.
    expect(clocks.filter((d) => d.kind === 'customer_update')[1].metAt).toBe(at('14:40').toISOString());
  });

  it('fired every clock stage exactly once, restarts included', async () => {
    const { rows } = await core.sql.query(
      `SELECT event->>'type' AS type, event->'data'->'deadline'->>'id' AS deadline, count(*)::int AS n
       FROM core.outbox WHERE event->>'type' LIKE 'deadline.%' GROUP BY 1, 2 HAVING count(*) > 1`,
    );
    expect(rows).toEqual([]);
    const { rows: escalated } = await core.sql.query(`SELECT count(*)::int AS n FROM core.outbox WHERE event->>'type' = 'incident.escalated'`);
    expect(escalated[0].n).toBe(4);
  });

  it('tells the story on the timeline, in order', async () => {
    const kinds = (await timeline()).map((l) => l.kind);
    const story = ['declared', 'role_assigned', 'role_assigned', 'deadline_due_soon', 'assessment', 'deadline_met', 'deadline_due', 'communication_published', 'deadline_met', 'executive_update', 'deadline_breached', 'ticket_volume', 'escalated', 'escalated', 'deadline_due', 'fix_deployed', 'status_changed', 'verification', 'signal', 'stability', 'resolved', 'deadline_due', 'all_clear_due', 'closed'];
    let position = 0;
    for (const kind of kinds) if (kind === story[position]) position++;
    expect(story.slice(position)).toEqual([]);
    const lines = await timeline();
    const times = lines.map((l) => l.at);
    expect([...times].sort()).toEqual(times);
  });
});
