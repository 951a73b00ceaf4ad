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
  ['POST', `/api/v1/incidents/${UNKNOWN}/page-acknowledgements`, ['responder']],
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

  it('serves its OpenAPI description to signed-in users', async () => {
    expect((await fetch(`${core.url}/api/docs-json`)).status).toBe(401);
    const response = await fetch(`${core.url}/api/docs-json`, { headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` } });
    const document = (await response.json()) as { paths: Record<string, Record<string, { requestBody?: unknown }>> };
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/api/v1/incidents', '/api/v1/incidents/{id}/deadlines', '/api/v1/incidents/{id}/roles/{role}']));
    expect(document.paths['/api/v1/incidents'].post.requestBody).toBeDefined();
  });
  it('refuses a responder seizing the sponsor or comms lead role, and compensating after (issue 10)', async () => {
    const id = await declare('Seizure', 'P1');
    const sponsor = await core.call<{ message: string }>('PUT', `/api/v1/incidents/${id}/roles/executive_sponsor`, people.eng.token, { personId: people.eng.id });
    expect(sponsor.status).toBe(403);
    expect(sponsor.body.message).toBe(
      'only the incident commander (Ines Commander), the executive sponsor (Eva Executive) handing over their own role, or an admin may assign the executive sponsor',
    );
    expect((await core.call('PUT', `/api/v1/incidents/${id}/roles/comms_lead`, people.eng.token, { personId: people.eng.id })).status).toBe(403);
    const credits = { amount: 1_000_000, currency: 'USD', customers: ['Mallory Ltd'], reason: 'seized' };
    expect((await core.call('POST', `/api/v1/incidents/${id}/compensations`, people.eng.token, credits)).status).toBe(403);
    const detail = await core.call<{ roles: Record<string, { personId: string | null }> }>('GET', `/api/v1/incidents/${id}`, people.eng.token);
    expect(detail.body.roles.executive_sponsor.personId).toBe(people.exec.id);
    expect(detail.body.roles.comms_lead.personId).toBeNull();
  });

  it('makes only a roster executive the sponsor, and lets a holder hand over their own role', async () => {
    const id = await declare('Handing over', 'P1');
    const notExec = await core.call<{ fields: { field: string; reason: string }[] }>('PUT', `/api/v1/incidents/${id}/roles/executive_sponsor`, people.ic.token, { personId: people.eng.id });
    expect(notExec.status).toBe(400);
    expect(notExec.body.fields).toEqual([{ field: 'personId', reason: 'Ed Engineer is not an executive (roster role "executive") and cannot be the executive sponsor' }]);
    const comms = await core.person('Cleo Comms', ['comms_lead'], 'responder');
    const relief = await core.person('Rae Relief', ['comms_lead'], 'responder');
    expect((await core.call('PUT', `/api/v1/incidents/${id}/roles/comms_lead`, people.ic.token, { personId: comms.id })).status).toBe(200);
    expect((await core.call('PUT', `/api/v1/incidents/${id}/roles/comms_lead`, relief.token, { personId: relief.id })).status).toBe(403);
    expect((await core.call('PUT', `/api/v1/incidents/${id}/roles/comms_lead`, comms.token, { personId: relief.id })).status).toBe(200);
    const timeline = (await core.call<{ timeline: { kind: string; text: string }[] }>('GET', `/api/v1/incidents/${id}/timeline`, comms.token)).body.timeline;
    expect(timeline.filter((l) => l.kind === 'handover').map((l) => l.text)).toEqual(['communications lead handed over from Cleo Comms to Rae Relief']);
  });

  it('takes only finite, positive compensation amounts in the currency minor unit, under the ceiling (issue 10)', async () => {
    const id = await declare('Amounts', 'P1');
    const send = (amount: string, currency = 'USD') =>
      fetch(`${core.url}/api/v1/incidents/${id}/compensations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${people.exec.token}`, 'content-type': 'application/json' },
        // Raw JSON: 1e999 parses to Infinity, which JSON.stringify could not send.
        body: `{"amount": ${amount}, "currency": "${currency}", "customers": ["Acme Corp"], "reason": "SLA breach"}`,
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as { fields?: { field: string; reason: string }[] } }));
    for (const amount of ['1e999', '1e308', '1e-300', '0', '-5', '10.005', '100000.01']) {
      const reply = await send(amount);
      expect({ amount, status: reply.status, fields: reply.body.fields?.map((f) => f.field) }).toEqual({ amount, status: 400, fields: ['amount'] });
    }
    expect((await send('1500', 'JPY')).status).toBe(201);
    expect((await send('1500.5', 'JPY')).body.fields).toEqual([{ field: 'amount', reason: 'must be a whole number of JPY' }]);
    expect((await send('99999.99')).status).toBe(201);
    const timeline = (await core.call<{ timeline: { kind: string; text: string }[] }>('GET', `/api/v1/incidents/${id}/timeline`, people.exec.token)).body.timeline;
    expect(timeline.filter((l) => l.kind === 'compensation').map((l) => l.text)).toEqual([
      'compensation authorised: 1500 JPY for 1 customer(s): SLA breach',
      'compensation authorised: 99999.99 USD for 1 customer(s): SLA breach',
    ]);
  });

  describe('every incident role × every token role, on the commands guarded by incident role', () => {
    const INCIDENT_ROLES = ['commander', 'engineering_lead', 'support_lead', 'comms_lead', 'executive_sponsor'] as const;
    type Holder = (typeof INCIDENT_ROLES)[number] | 'bystander';
    const actors: { holder: Holder; tokenRole: string; token: string }[] = [];
    const holderIds: Record<string, string> = {};
    let id = '';

    /**
     * Each probe is built so that being let through never reads as 403: the rule behind the check
     * refuses with 400/404/409 (re-assigning the current holder, resolving a declared incident…).
     */
    type Probe = { name: string; method: string; path: () => string; body: () => unknown; guard: string[]; roles: Holder[] | 'any'; admin: boolean };
    const probes: Probe[] = [
      ...INCIDENT_ROLES.map((role): Probe => ({
        name: `assign ${role}`,
        method: 'PUT',
        path: () => `/api/v1/incidents/${id}/roles/${role}`,
        body: () => ({ personId: holderIds[role] }),
        guard: ['responder'],
        roles: role === 'commander' ? ['commander'] : ['commander', role],
        admin: true,
      })),
      { name: 'resolve', method: 'POST', path: () => `/api/v1/incidents/${id}/resolve`, body: () => ({}), guard: ['responder'], roles: ['commander'], admin: true },
      { name: 'close', method: 'POST', path: () => `/api/v1/incidents/${id}/close`, body: () => ({}), guard: ['responder'], roles: ['commander'], admin: true },
      { name: 'reopen', method: 'POST', path: () => `/api/v1/incidents/${id}/reopen`, body: () => ({ text: 'recurred' }), guard: ['responder'], roles: ['commander', 'engineering_lead'], admin: true },
      { name: 'duplicate', method: 'POST', path: () => `/api/v1/incidents/${id}/duplicate`, body: () => ({ duplicateOf: id }), guard: ['responder'], roles: ['commander'], admin: true },
      { name: 'executive update', method: 'POST', path: () => `/api/v1/incidents/${id}/executive-updates`, body: () => ({ summary: 'still down' }), guard: ['responder'], roles: ['commander'], admin: true },
      {
        name: 'media attention',
        method: 'POST',
        path: () => `/api/v1/incidents/${id}/media-attention`,
        body: () => ({ details: 'on the news' }),
        guard: ['responder', 'comms_lead'],
        roles: ['commander', 'support_lead', 'comms_lead'],
        admin: true,
      },
      {
        name: 'compensation',
        method: 'POST',
        path: () => `/api/v1/incidents/${id}/compensations`,
        body: () => ({ amount: 0.001, currency: 'USD', customers: ['Acme'], reason: 'probe' }),
        guard: ['responder'],
        roles: ['executive_sponsor'],
        admin: false,
      },
      { name: 'acknowledge page', method: 'POST', path: () => `/api/v1/incidents/${id}/page-acknowledgements`, body: () => ({}), guard: ['responder'], roles: ['commander'], admin: false },
      { name: 'post-mortem review', method: 'POST', path: () => `/api/v1/incidents/${id}/postmortem/review`, body: () => ({}), guard: ['responder'], roles: ['commander'], admin: true },
      { name: 'post-mortem publish', method: 'POST', path: () => `/api/v1/incidents/${id}/postmortem/publish`, body: () => ({}), guard: ['responder'], roles: ['commander'], admin: true },
      { name: 'note', method: 'POST', path: () => `/api/v1/incidents/${id}/notes`, body: () => ({ text: 'seen' }), guard: ['responder', 'comms_lead'], roles: 'any', admin: true },
      { name: 'implementer', method: 'POST', path: () => `/api/v1/incidents/${id}/implementers`, body: () => ({ personId: holderIds.commander }), guard: ['responder'], roles: 'any', admin: true },
    ];

    beforeAll(async () => {
      const roster: Record<Holder, string[]> = {
        commander: ['incident_commander'],
        engineering_lead: ['engineer'],
        support_lead: ['support_lead'],
        comms_lead: ['comms_lead'],
        executive_sponsor: ['executive'],
        bystander: ['engineer'],
      };
      for (const holder of [...INCIDENT_ROLES, 'bystander'] as Holder[]) {
        const person = await core.person(`Matrix ${holder}`, roster[holder], 'responder');
        holderIds[holder] = person.id;
        actors.push({ holder, tokenRole: 'responder', token: person.token });
        for (const tokenRole of ['comms_lead', 'viewer', 'automation']) {
          const issued = await core.call<{ token: string }>('POST', `/api/v1/people/${person.id}/tokens`, TEST_ADMIN_TOKEN, { role: tokenRole });
          actors.push({ holder, tokenRole, token: issued.body.token });
        }
      }
      id = (await core.call<{ id: string }>('POST', '/api/v1/incidents', TEST_ADMIN_TOKEN, { title: 'Matrix', severity: 'P2', commanderId: holderIds.commander })).body.id;
      for (const role of INCIDENT_ROLES.slice(1)) {
        expect((await core.call('PUT', `/api/v1/incidents/${id}/roles/${role}`, TEST_ADMIN_TOKEN, { personId: holderIds[role] })).status).toBe(200);
      }
    });

    it.each(probes.map((p) => [p.name, p]))('%s: only the roles it names get past authorisation', async (_name, probe) => {
      const seen: string[] = [];
      const expected: string[] = [];
      for (const actor of [...actors, { holder: 'admin', tokenRole: 'admin', token: TEST_ADMIN_TOKEN }]) {
        const label = `${actor.holder}/${actor.tokenRole}`;
        const reply = await core.call(probe.method, probe.path(), actor.token, probe.body());
        expect({ label, status: reply.status < 500 }).toEqual({ label, status: true });
        if (reply.status !== 403) seen.push(label);
        const allowed =
          actor.tokenRole === 'admin'
            ? probe.admin
            : probe.guard.includes(actor.tokenRole) && (probe.roles === 'any' || probe.roles.includes(actor.holder as Holder));
        if (allowed) expected.push(label);
      }
      expect(seen).toEqual(expected);
    });
  });
});
