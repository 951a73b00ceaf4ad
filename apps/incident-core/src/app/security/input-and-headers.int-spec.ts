import { operationsWithoutSummary } from '@sitrep/platform';
import { InProcessCore, TEST_ADMIN_TOKEN } from '../../testing/in-process-core';

type Problem = { message: string; fields?: { field: string; reason: string }[] };

async function raw(url: string, init: { method?: string; body?: string; token?: string | null } = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (init.token !== null) headers.authorization = `Bearer ${init.token ?? TEST_ADMIN_TOKEN}`;
  const response = await fetch(url, { method: init.method ?? 'GET', body: init.body, headers });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) as Problem };
}

describe('incident-core: the shared text rule, sane dates, hardening headers and gated docs', () => {
  const core = new InProcessCore(new Date('2026-11-29T10:00:00Z'));
  let componentId: string;
  let incidentId: string;
  const rows = async () => {
    const { rows: [r] } = await core.sql.query(`SELECT (SELECT count(*) FROM core.components)::int AS components, (SELECT count(*) FROM core.incidents)::int AS incidents,
      (SELECT count(*) FROM core.timeline_entries)::int AS timeline, (SELECT count(*) FROM core.people)::int AS people, (SELECT count(*) FROM core.maintenances)::int AS maintenances`);
    return r as Record<string, number>;
  };

  beforeAll(async () => {
    await core.setUp();
    ({ API: componentId } = await core.components('API'));
    incidentId = (await core.call<{ id: string }>('POST', '/api/v1/incidents', TEST_ADMIN_TOKEN, { title: 'Checkout errors', severity: 'P2', componentIds: [componentId] })).body.id;
  });

  afterAll(() => core.tearDown());

  it('refuses NUL, lone surrogates, controls and bidi with a 400 naming the field, and stores nothing', async () => {
    const before = await rows();
    const cases: [string, string, string, string][] = [
      ['POST', '/api/v1/components', '{"name":"A\\u0000PI"}', 'name'],
      ['POST', '/api/v1/incidents', '{"title":"Pay\\ud800ments","severity":"P2"}', 'title'],
      ['POST', '/api/v1/incidents', JSON.stringify({ title: 'Checkout \u202egnp.exe', severity: 'P2' }), 'title'],
      ['POST', `/api/v1/incidents/${incidentId}/notes`, JSON.stringify({ text: 'ok\u001b[2Jcleared' }), 'text'],
      ['POST', `/api/v1/incidents/${incidentId}/severity`, JSON.stringify({ severity: 'P1', reason: 'x\u0085' }), 'reason'],
      ['POST', '/api/v1/people', JSON.stringify({ name: 'Eve\r\nATTENDEE:mailto:mallory@evil.example', email: 'eve@example.com' }), 'name'],
    ];
    for (const [method, path, body, field] of cases) {
      const reply = await raw(`${core.url}${path}`, { method, body });
      expect({ path, status: reply.status }).toEqual({ path, status: 400 });
      expect(reply.json().fields?.[0].field).toBe(field);
    }
    expect(await rows()).toEqual(before);
  });

  it('keeps newlines and tabs in multi-line text', async () => {
    const reply = await raw(`${core.url}/api/v1/incidents/${incidentId}/notes`, { method: 'POST', body: JSON.stringify({ text: 'Rolled back:\r\n\t- web\n\t- worker' }) });
    expect(reply.status).toBe(201);
  });

  it('applies the rule to route parameters and query strings', async () => {
    const param = await raw(`${core.url}/api/v1/incidents/abc%00def`);
    expect(param.status).toBe(400);
    expect(param.json().fields?.[0]).toEqual({ field: 'id', reason: 'must not contain a NUL character (U+0000)' });
    const query = await raw(`${core.url}/api/v1/reports/monthly?month=2026-11%E2%80%AE`);
    expect(query.status).toBe(400);
    expect(query.json().fields?.[0].field).toBe('month');
  });

  it('refuses dates outside 2000-2100: a maintenance in year 0, a report for month 0000-01', async () => {
    const before = await rows();
    const maintenance = await raw(`${core.url}/api/v1/maintenances`, {
      method: 'POST',
      body: JSON.stringify({ title: 'DB upgrade', message: 'Upgrade', componentIds: [componentId], scheduledFor: '0000-01-01T00:00:00Z', scheduledUntil: '0000-01-01T02:00:00Z' }),
    });
    expect(maintenance.status).toBe(400);
    expect(maintenance.json().fields?.map((f) => f.field)).toContain('scheduledFor');
    const farFuture = await raw(`${core.url}/api/v1/maintenances`, {
      method: 'POST',
      body: JSON.stringify({ title: 'DB upgrade', message: 'Upgrade', componentIds: [componentId], scheduledFor: '2026-12-01T00:00:00Z', scheduledUntil: '9999-12-31T23:59:59Z' }),
    });
    expect(farFuture.status).toBe(400);
    expect(farFuture.json().fields?.[0]).toEqual({ field: 'scheduledUntil', reason: 'must be a time in a year between 2000 and 2100' });
    expect(await rows()).toEqual(before);
    const report = await raw(`${core.url}/api/v1/reports/monthly?month=0000-01`);
    expect(report.status).toBe(400);
    expect(report.json().fields?.[0]).toEqual({ field: 'month', reason: 'must be a month in a year between 2000 and 2100' });
    expect((await raw(`${core.url}/api/v1/reports/monthly?month=2026-11`)).status).toBe(200);
  });

  it('sends hardening headers on the JSON API and the HTML report', async () => {
    for (const path of ['/api/v1/incidents', '/api/v1/reports/monthly.html?month=2026-11']) {
      const reply = await raw(`${core.url}${path}`);
      expect(reply.status).toBe(200);
      expect(reply.headers.get('x-content-type-options')).toBe('nosniff');
      expect(reply.headers.get('x-frame-options')).toBe('DENY');
      expect(reply.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    }
  });

  it('serves the OpenAPI document to signed-in users only', async () => {
    expect((await raw(`${core.url}/api/docs-json`, { token: null })).status).toBe(401);
    expect((await raw(`${core.url}/api/docs`, { token: null })).status).toBe(401);
    const viewer = (await core.person('Vera Viewer', [], 'viewer')).token;
    const docs = await raw(`${core.url}/api/docs-json`, { token: viewer });
    expect(docs.status).toBe(200);
    expect(docs.text).toContain('/api/v1/incidents');
  });

  it('documents every operation with a summary', async () => {
    const docs = await raw(`${core.url}/api/docs-json`);
    const document = JSON.parse(docs.text) as Parameters<typeof operationsWithoutSummary>[0];
    expect(Object.keys(document.paths).length).toBeGreaterThan(40);
    expect(operationsWithoutSummary(document)).toEqual([]);
  });
});
