import { CommandName, CommandReply, IncidentStateSummary, commandSubject, querySubject } from '@sitrep/contracts';
import { InProcessCore, TEST_ADMIN_TOKEN } from '../../../testing/in-process-core';

const start = new Date('2026-11-26T09:00:00.000Z');
const NOBODY = '00000000-0000-4000-8000-000000000000';

type Person = { id: string; token: string };

describe('commands and queries over NATS request/reply', () => {
  const core = new InProcessCore(start);
  const people: Record<string, Person> = {};

  beforeAll(async () => {
    await core.setUp();
    people.alice = await core.person('Alice Okoro', ['incident_commander'], 'responder', true);
    people.bob = await core.person('Bob Stone', ['engineer'], 'responder');
    people.carol = await core.person('Carol Diaz', ['executive'], 'responder', true);
    people.chris = await core.person('Chris Comms', ['comms_lead'], 'comms_lead');
    await core.call('PATCH', `/api/v1/people/${people.alice.id}`, TEST_ADMIN_TOKEN, { slackUserId: 'U0ALICE01' });
  });

  afterAll(async () => {
    await core.tearDown();
  });

  async function request<T = unknown>(subject: string, body: unknown): Promise<CommandReply & { result?: T }> {
    const reply = await core.bus.request(subject, Buffer.from(JSON.stringify(body)), 5_000);
    return JSON.parse(Buffer.from(reply).toString('utf8'));
  }
  const command = <T = Record<string, unknown>>(name: CommandName, personId: string, incidentId: string | undefined, input: unknown) =>
    request<T>(commandSubject(name), { actor: { personId, via: 'slack' }, incidentId, input });

  async function declare(title: string, severity = 'P1'): Promise<string> {
    const reply = await command<{ id: string }>('declare', people.bob.id, undefined, { title, severity });
    expect(reply).toMatchObject({ ok: true, result: { title, severity, commanderId: people.alice.id } });
    return reply.result!.id;
  }

  it('declares over NATS as the person named, and the API shows it with that person as the declarer', async () => {
    const id = await declare('Checkout down');
    const timeline = (await core.call<{ timeline: { kind: string; actor: { id: string; name: string } }[] }>('GET', `/api/v1/incidents/${id}/timeline`, people.bob.token)).body.timeline;
    expect(timeline.find((l) => l.kind === 'declared')?.actor).toMatchObject({ id: people.bob.id, name: 'Bob Stone' });
  });

  it('refuses what the API refuses, with the same status and reason, naming people', async () => {
    const id = await declare('Refusals');
    const viaApi = await core.call<{ message: string }>('POST', `/api/v1/incidents/${id}/close`, people.bob.token, {});
    const viaNats = await command('close', people.bob.id, id, {});
    expect(viaApi.status).toBe(403);
    expect(viaNats).toEqual({ ok: false, status: 403, message: viaApi.body.message });
    expect(viaNats).toMatchObject({ message: 'only the incident commander (Alice Okoro) may close the incident' });

    // The commander cannot implement the fix: the 409 names her.
    expect(await command('add_implementer', people.bob.id, id, { personId: people.alice.id })).toEqual({
      ok: false,
      status: 409,
      message: 'Alice Okoro is the incident commander and cannot implement the fix',
    });
    // Only the sponsor compensates.
    expect(await command('authorise_compensation', people.alice.id, id, { amount: 100, currency: 'USD', customers: ['Acme'], reason: 'SLA' })).toEqual({
      ok: false,
      status: 403,
      message: 'only the executive sponsor (Carol Diaz) authorises compensation',
    });
    // Bad input: a 400 naming the field, as the API's.
    const badApi = await core.call<{ message: string; fields: unknown }>('POST', `/api/v1/incidents/${id}/severity`, people.alice.token, { severity: 'P9', reason: 'x' });
    const badNats = await command('change_severity', people.alice.id, id, { severity: 'P9', reason: 'x' });
    expect(badNats).toEqual({ ok: false, status: 400, message: badApi.body.message, fields: badApi.body.fields });
    expect(badNats).toMatchObject({ fields: [{ field: 'severity' }] });
  });

  it('changes nothing for a person the roster does not know, or a malformed request', async () => {
    const id = await declare('Strangers');
    const before = (await core.call<{ timeline: unknown[] }>('GET', `/api/v1/incidents/${id}/timeline`, people.bob.token)).body.timeline.length;
    expect(await command('add_note', NOBODY, id, { text: 'hello' })).toMatchObject({ ok: false, status: 403, message: expect.stringContaining(`no person on the roster has id ${NOBODY}`) });
    expect(await request(commandSubject('add_note'), { actor: { personId: 'not-a-uuid', via: 'slack' }, incidentId: id, input: { text: 'x' } })).toMatchObject({
      ok: false,
      status: 400,
      fields: [{ field: 'actor.personId' }],
    });
    const garbage = await core.bus.request(commandSubject('add_note'), Buffer.from('{not json'), 5_000);
    expect(JSON.parse(Buffer.from(garbage).toString())).toMatchObject({ ok: false, status: 400 });
    const after = (await core.call<{ timeline: unknown[] }>('GET', `/api/v1/incidents/${id}/timeline`, people.bob.token)).body.timeline.length;
    expect(after).toBe(before);
  });

  it('gives a person the rights of their roster roles: a comms lead flags media attention, a stranger to the incident may not', async () => {
    const id = await declare('Media');
    expect(await command('flag_media_attention', people.chris.id, id, { details: 'trending on social' })).toMatchObject({ ok: false, status: 403 });
    expect(await command('assign_role', people.alice.id, id, { role: 'comms_lead', personId: people.chris.id })).toMatchObject({ ok: true });
    expect(await command('flag_media_attention', people.chris.id, id, { details: 'trending on social' })).toMatchObject({ ok: true });
  });

  it('records the commander acknowledging their page once', async () => {
    const id = await declare('Paged');
    core.clock.advance(90_000);
    expect(await command('acknowledge_page', people.bob.id, id, {})).toMatchObject({ ok: false, status: 403, message: "only the incident commander (Alice Okoro) may acknowledge the commander's page" });
    expect(await command('acknowledge_page', people.alice.id, id, {})).toMatchObject({ ok: true, result: { secondsToAcknowledge: 90 } });
    expect(await command('acknowledge_page', people.alice.id, id, {})).toMatchObject({ ok: false, status: 409, message: expect.stringContaining('Alice Okoro already acknowledged the page') });
    const timeline = (await core.call<{ timeline: { kind: string; text: string }[] }>('GET', `/api/v1/incidents/${id}/timeline`, people.bob.token)).body.timeline;
    expect(timeline.filter((l) => l.kind === 'page_acknowledged').map((l) => l.text)).toEqual(['Alice Okoro acknowledged the page (90s after being paged)']);
  });

  it('answers the incident state for the war room: roles by name, every clock, the next step', async () => {
    const id = await declare('State');
    const reply = await request<IncidentStateSummary>(querySubject('incident_state'), { incidentId: id });
    expect(reply.ok).toBe(true);
    const state = reply.result!;
    expect(state).toMatchObject({ id, title: 'State', severity: 'P1', status: 'declared', nextStep: 'record the initial assessment' });
    expect(state.roles.find((r) => r.role === 'commander')).toEqual({ role: 'commander', label: 'incident commander', person: { id: people.alice.id, name: 'Alice Okoro', slackUserId: 'U0ALICE01' } });
    expect(state.roles.find((r) => r.role === 'executive_sponsor')?.person?.name).toBe('Carol Diaz');
    expect(state.roles.find((r) => r.role === 'comms_lead')?.person).toBeNull();
    const assessment = state.clocks.find((c) => c.kind === 'assessment');
    expect(assessment).toMatchObject({ label: 'initial assessment', ownerRole: 'commander', ownerName: 'Alice Okoro', state: 'pending' });
    expect(new Date(assessment!.dueAt).getTime()).toBeGreaterThan(core.clock.now().getTime());
    expect(await request(querySubject('incident_state'), { incidentId: NOBODY })).toMatchObject({ ok: false, status: 404 });
  });

  it('finds people by Slack user id, by email and by id for comms', async () => {
    expect(await request(querySubject('person_by_slack_user'), { slackUserId: 'U0ALICE01' })).toMatchObject({ ok: true, result: { person: { id: people.alice.id, name: 'Alice Okoro' } } });
    expect(await request(querySubject('person_by_slack_user'), { slackUserId: 'U0NOBODY1' })).toEqual({ ok: true, result: { person: null } });
    expect(await request(querySubject('person_by_email'), { email: 'BOB.STONE@example.test' })).toMatchObject({ ok: true, result: { person: { id: people.bob.id, roles: ['engineer'] } } });
    expect(await request(querySubject('person_by_id'), { personId: people.carol.id })).toMatchObject({ ok: true, result: { person: { name: 'Carol Diaz', roles: ['executive'], rights: ['responder'] } } });
    expect(await request(querySubject('person_by_id'), { personId: NOBODY })).toEqual({ ok: true, result: { person: null } });
    expect(await request(querySubject('person_by_email'), { email: 'not an email' })).toMatchObject({ ok: false, status: 400, fields: [{ field: 'email' }] });
  });
});
