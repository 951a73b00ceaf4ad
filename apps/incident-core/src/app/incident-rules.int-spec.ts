import { InProcessCore, TEST_ADMIN_TOKEN } from '../testing/in-process-core';

const start = new Date('2026-11-26T09:00:00.000Z');
const UNKNOWN = '00000000-0000-4000-8000-000000000000';

/**
 * Who may call what. Each row is a route and the token roles the guard lets through (admin always);
 * every other role must get 403, and no token 401. The route's own rules (commander only, sponsor
 * only) come after the guard and are tested with the lifecycle below.
 */
const MATRIX: [method: string, path: string, allowed: string[]][] = [
  ['GET', '/api/v1/components', ['responder', 'comms_lead', 'viewer', 'automation']],
  ['POST', '/api/v1/components', []],
  ['GET', '/api/v1/people', ['responder', 'comms_lead', 'viewer', 'automation']],
  ['POST', '/api/v1/people', []],
  ['PUT', '/api/v1/escalation-contacts/cto', []],
  ['POST', `/api/v1/people/${UNKNOWN}/tokens`, []],
  ['POST', '/api/v1/incidents', ['responder', 'automation']],
  ['GET', '/api/v1/incidents', ['responder', 'comms_lead', 'viewer', 'automation']],
  ['GET', `/api/v1/incidents/${UNKNOWN}`, ['responder', 'comms_lead', 'viewer', 'automation']],
  ['GET', `/api/v1/incidents/${UNKNOWN}/timeline`, ['responder', 'comms_lead', 'viewer']],
  ['GET', `/api/v1/incidents/${UNKNOWN}/deadlines`, ['responder', 'comms_lead', 'viewer', 'automation']],
  ['GET', `/api/v1/incidents/${UNKNOWN}/escalations`, ['responder', 'comms_lead', 'viewer', 'automation']],
  ['POST', `/api/v1/incidents/${UNKNOWN}/status`, ['responder']],
  ['POST', `/api/v1/incidents/${UNKNOWN}/severity`, ['responder']],
  ['POST', `/api/v1/incidents/${UNKNOWN}/duplicate`, ['responder']],
  ['PUT', `/api/v1/incidents/${UNKNOWN}/roles/commander`, ['responder']],
  ['POST', `/api/v1/incidents/${UNKNOWN}/implementers`, ['responder']],
  ['POST', `/api/v1/incidents/${UNKNOWN}/assessment`, ['responder']],
  ['POST', `/api/v1/incidents/${UNKNOWN}/fix-deployed`, ['responder', 'automation']],
  ['POST', `/api/v1/incidents/${UNKNOWN}/verifications`, ['responder', 'automation']],
  ['POST', `/api/v1/incidents/${UNKNOWN}/signals`, ['responder', 'automation']],
  ['POST', `/api/v1/incidents/${UNKNOWN}/resolve`, ['responder']],
  ['POST', `/api/v1/incidents/${UNKNOWN}/reopen`, ['responder']],
  ['POST', `/api/v1/incidents/${UNKNOWN}/close`, ['responder']],
  ['POST', `/api/v1/incidents/${UNKNOWN}/executive-updates`, ['responder']],
  ['POST', `/api/v1/incidents/${UNKNOWN}/ticket-volume`, ['responder', 'automation']],
  ['POST', `/api/v1/incidents/${UNKNOWN}/media-attention`, ['responder', 'comms_lead']],
  ['POST', `/api/v1/incidents/${UNKNOWN}/compensations`, ['responder']],
  ['POST', `/api/v1/incidents/${UNKNOWN}/notes`, ['responder', 'comms_lead']],
  ['GET', '/api/v1/dead-letters', []],
  ['GET', '/metrics', ['responder', 'comms_lead', 'viewer', 'automation']],
];
const TOKEN_ROLES = ['responder', 'comms_lead', 'viewer', 'automation'] as const;

describe('incident command rules, on a running incident-core', () => {
  const core = new InProcessCore(start);
  const tokens: Record<string, string> = {};
  const people: Record<string, { id: string; token: string }> = {};

  beforeAll(async () => {
    await core.setUp();
    for (const role of TOKEN_ROLES) tokens[role] = (await core.person(`token ${role}`, [], role)).token;
    people.ic = await core.person('Ines Commander', ['incident_commander'], 'responder', true);
    people.eng = await core.person('Ed Engineer', ['engineer'], 'responder');
    people.exec = await core.person('Eva Executive', ['executive'], 'responder', true);
  });

  afterAll(async () => {
    await core.tearDown();
  });

  it.each(MATRIX)('%s %s: the guard lets only its roles through', async (method, path, allowed) => {
    const body = method === 'GET' ? undefined : {};
    expect((await core.call(method, path, null, body)).status).toBe(401);
    const statuses: Record<string, number> = {};
    for (const role of ['admin', ...TOKEN_ROLES]) {
      const token = role === 'admin' ? TEST_ADMIN_TOKEN : tokens[role];
      statuses[role] = (await core.call(method, path, token, body)).status;
    }
    const passed = Object.entries(statuses).filter(([, status]) => status !== 403).map(([role]) => role);
    expect(passed).toEqual(['admin', ...TOKEN_ROLES.filter((r) => allowed.includes(r))]);
    // Nothing the guard let through was a server error: bad bodies and unknown ids are 4xx.
    expect(Object.values(statuses).filter((s) => s >= 500)).toEqual([]);
  });

  async function declare(title: string, severity = 'P2'): Promise<string> {
    const declared = await core.call<{ id: string }>('POST', '/api/v1/incidents', people.eng.token, { title, severity });
    expect(declared.status).toBe(201);
    return declared.body.id;
  }

  it('refuses illegal moves with 409 and the reason, and changes nothing', async () => {
    const id = await declare('Illegal moves');
    const jump = await core.call<{ message: string }>('POST', `/api/v1/incidents/${id}/status`, people.ic.token, { status: 'resolved' });
    expect(jump).toMatchObject({ status: 409, body: { message: 'an incident is resolved through POST /resolve, which checks the fix was verified and stable' } });
    const resolve = await core.call<{ message: string }>('POST', `/api/v1/incidents/${id}/resolve`, people.ic.token);
    expect(resolve.status).toBe(409);
    expect(resolve.body.message).toMatch(/only an incident in monitoring can be resolved \(this one is declared\)/);
    const bad = await core.call<{ fields: { field: string }[] }>('POST', `/api/v1/incidents/${id}/status`, people.ic.token, { status: 'sleeping' });
    expect(bad.status).toBe(400);
    expect(bad.body.fields[0].field).toBe('status');
    expect((await core.call<{ status: string }>('GET', `/api/v1/incidents/${id}`, people.ic.token)).body.status).toBe('declared');
    const timeline = (await core.call<{ timeline: { kind: string }[] }>('GET', `/api/v1/incidents/${id}/timeline`, people.ic.token)).body.timeline;
    expect(timeline.map((l) => l.kind)).not.toContain('status_changed');
  });

  it('raises and lowers severity with a reason, and marks duplicates closed', async () => {
    const id = await declare('Severity changes', 'P3');
    expect((await core.call('POST', `/api/v1/incidents/${id}/severity`, people.eng.token, { severity: 'P1' })).status).toBe(400);
    expect((await core.call('POST', `/api/v1/incidents/${id}/severity`, people.eng.token, { severity: 'P1', reason: 'EU checkout down too' })).body).toEqual({ severity: 'P1' });
    expect((await core.call('POST', `/api/v1/incidents/${id}/severity`, people.eng.token, { severity: 'P2', reason: 'EU recovered' })).status).toBe(200);
    const lines = (await core.call<{ timeline: { kind: string; text: string }[] }>('GET', `/api/v1/incidents/${id}/timeline`, people.ic.token)).body.timeline.filter((l) => l.kind === 'severity_changed');
    expect(lines.map((l) => l.text)).toEqual(['severity raised P3 → P1: EU checkout down too', 'severity lowered P1 → P2: EU recovered']);

    const copy = await declare('Same outage, reported twice');
    expect((await core.call('POST', `/api/v1/incidents/${copy}/duplicate`, people.eng.token, { duplicateOf: id })).status).toBe(403);
    const dup = await core.call<{ status: string; duplicateOf: string }>('POST', `/api/v1/incidents/${copy}/duplicate`, people.ic.token, { duplicateOf: id });
    expect(dup.body).toEqual({ status: 'closed', duplicateOf: id });
    const pending = (await core.call<{ deadlines: { state: string }[] }>('GET', `/api/v1/incidents/${copy}/deadlines`, people.ic.token)).body.deadlines.filter((d) => d.state === 'pending');
    expect(pending).toEqual([]);
  });

  it('reopens on a recurrence during the recovery watch, flagging the signal that showed it', async () => {
    const id = await declare('Comes back');
    await core.call('POST', `/api/v1/incidents/${id}/fix-deployed`, people.eng.token, { deployRef: 'v2' });
    await core.call('POST', `/api/v1/incidents/${id}/verifications`, people.eng.token, { passed: true });
    await core.call('POST', `/api/v1/incidents/${id}/signals`, people.eng.token, { healthy: true });
    core.clock.advance(15 * 60_000);
    expect((await core.call('POST', `/api/v1/incidents/${id}/resolve`, people.ic.token)).status).toBe(200);
    core.clock.advance(10 * 60_000);
    const alert = await core.call('POST', `/api/v1/incidents/${id}/signals`, people.eng.token, { healthy: true, alertId: 'PD-4411' });
    expect(alert.body).toEqual({ possibleRecurrence: true });
    const reopened = await core.call<{ status: string }>('POST', `/api/v1/incidents/${id}/reopen`, people.ic.token, { text: 'checkout errors again (PD-4411)' });
    expect(reopened.body.status).toBe('investigating');
    const kinds = (await core.call<{ deadlines: { kind: string; state: string }[] }>('GET', `/api/v1/incidents/${id}/deadlines`, people.ic.token)).body.deadlines
      .filter((d) => d.state === 'pending')
      .map((d) => d.kind)
      .sort();
    expect(kinds).toEqual(['escalation_cto', 'escalation_engineering_vp', 'executive_update', 'first_customer_notice']);
  });

  it('lets only the executive sponsor authorise compensation, and records it', async () => {
    const id = await declare('Needs credits', 'P1');
    const detail = await core.call<{ roles: { executive_sponsor: { personId: string } } }>('GET', `/api/v1/incidents/${id}`, people.ic.token);
    expect(detail.body.roles.executive_sponsor.personId).toBe(people.exec.id);
    const credits = { amount: 5000, currency: 'USD', customers: ['Acme Corp'], reason: 'SLA breach' };
    const byCommander = await core.call<{ message: string }>('POST', `/api/v1/incidents/${id}/compensations`, people.ic.token, credits);
    expect(byCommander.status).toBe(403);
    expect(byCommander.body.message).toBe('only the executive sponsor (Eva Executive) authorises compensation');
    expect((await core.call('POST', `/api/v1/incidents/${id}/compensations`, people.exec.token, { ...credits, currency: 'dollars' })).status).toBe(400);
    expect((await core.call('POST', `/api/v1/incidents/${id}/compensations`, people.exec.token, credits)).status).toBe(201);
    const timeline = (await core.call<{ timeline: { kind: string; text: string }[] }>('GET', `/api/v1/incidents/${id}/timeline`, people.ic.token)).body.timeline;
    expect(timeline.find((l) => l.kind === 'compensation')?.text).toBe('compensation authorised: 5000 USD for 1 customer(s): SLA breach');
  });

  it('hands over command, recording who and when', async () => {
    const id = await declare('Handover');
    const next = await core.person('Noor Nextshift', ['incident_commander'], 'responder');
    expect((await core.call('PUT', `/api/v1/incidents/${id}/roles/commander`, people.eng.token, { personId: next.id })).status).toBe(403);
    expect((await core.call('PUT', `/api/v1/incidents/${id}/roles/commander`, people.ic.token, { personId: next.id })).status).toBe(200);
    const timeline = (await core.call<{ timeline: { kind: string; text: string; at: string }[] }>('GET', `/api/v1/incidents/${id}/timeline`, next.token)).body.timeline;
    expect(timeline.find((l) => l.kind === 'handover')).toMatchObject({ text: 'incident commander handed over from Ines Commander to Noor Nextshift', at: core.clock.now().toISOString() });
  });

  it('puts the named commander in charge, else the on-call one; with nobody on call the declarer acts', async () => {
    const named = await core.call<{ commanderId: string }>('POST', '/api/v1/incidents', people.eng.token, { title: 'Named IC', severity: 'P3', commanderId: people.exec.id });
    expect(named.body.commanderId).toBe(people.exec.id);
    const onCall = await core.call<{ commanderId: string }>('POST', '/api/v1/incidents', people.eng.token, { title: 'On-call IC', severity: 'P3' });
    expect(onCall.body.commanderId).toBe(people.ic.id);
    expect((await core.call('PATCH', `/api/v1/people/${people.ic.id}`, TEST_ADMIN_TOKEN, { onCall: false })).status).toBe(200);
    const acting = await core.call<{ id: string; commanderId: string }>('POST', '/api/v1/incidents', people.eng.token, { title: 'Nobody on call', severity: 'P3' });
    expect(acting.body.commanderId).toBe(people.eng.id);
    const timeline = (await core.call<{ timeline: { text: string }[] }>('GET', `/api/v1/incidents/${acting.body.id}/timeline`, people.eng.token)).body.timeline;
    expect(timeline.map((l) => l.text)).toContain('Ed Engineer is acting incident commander');
    expect((await core.call('PATCH', `/api/v1/people/${people.ic.id}`, TEST_ADMIN_TOKEN, { onCall: true })).status).toBe(200);
  });

  it('serves its OpenAPI description', async () => {
    const response = await fetch(`${core.url}/api/docs-json`);
    const document = (await response.json()) as { paths: Record<string, Record<string, { requestBody?: unknown }>> };
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/api/v1/incidents', '/api/v1/incidents/{id}/deadlines', '/api/v1/incidents/{id}/roles/{role}']));
    expect(document.paths['/api/v1/incidents'].post.requestBody).toBeDefined();
  });
});
