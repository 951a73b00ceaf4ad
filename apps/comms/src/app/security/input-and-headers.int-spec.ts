import { Client } from 'pg';
import { operationsWithoutSummary } from '@sitrep/platform';
import { InProcessComms, TEST_COMMS_ADMIN_TOKEN } from '../../testing/in-process-comms';

/** Raw requests, so that the bytes on the wire are exactly the test's (JSON.stringify would re-encode them). */
async function raw(url: string, init: { method?: string; body?: string | Buffer; headers?: Record<string, string> } = {}) {
  const response = await fetch(url, { method: init.method ?? 'GET', body: init.body, headers: init.headers });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) as { message: string; fields?: { field: string; reason: string }[] } };
}

describe('comms: the shared text rule, hardening headers, gated docs and Retry-After', () => {
  const comms = new InProcessComms(new Date('2026-11-29T10:00:00Z'));
  let db: Client;
  const subscriberCount = async () => Number((await db.query('SELECT count(*)::int AS n FROM comms.subscribers')).rows[0].n);
  const json = { 'content-type': 'application/json' };

  beforeAll(async () => {
    await comms.setUp();
    db = new Client({ connectionString: comms.db.url });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await comms.tearDown();
  });

  it('refuses a NUL in the public subscribe route with a 400 naming the field, and stores nothing', async () => {
    const before = await subscriberCount();
    const reply = await raw(`${comms.url}/api/v1/subscribers`, { method: 'POST', headers: json, body: '{"email":"nul\\u0000l@example.com"}' });
    expect(reply.status).toBe(400);
    expect(reply.json().fields).toEqual([{ field: 'email', reason: 'must not contain a NUL character (U+0000)' }]);
    expect(await subscriberCount()).toBe(before);
  });

  it('refuses a lone surrogate (as a JSON escape) instead of turning it into U+FFFD', async () => {
    const before = await subscriberCount();
    const reply = await raw(`${comms.url}/api/v1/subscribers`, { method: 'POST', headers: json, body: '{"email":"al\\ud800ice@example.com"}' });
    expect(reply.status).toBe(400);
    expect(reply.json().fields?.[0]).toEqual({ field: 'email', reason: 'must be valid Unicode: it contains an unpaired surrogate' });
    expect(await subscriberCount()).toBe(before);
  });

  it('refuses a body that is not UTF-8 before decoding it', async () => {
    const body = Buffer.concat([Buffer.from('{"email":"al'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('ice@example.com"}')]);
    const reply = await raw(`${comms.url}/api/v1/subscribers`, { method: 'POST', headers: json, body });
    expect(reply.status).toBe(400);
    expect(reply.json().message).toBe('request body: is not valid UTF-8');
  });

  it('refuses bidi overrides and control characters, in bodies, query strings and forms', async () => {
    const bidi = await raw(`${comms.url}/api/v1/subscribers`, { method: 'POST', headers: json, body: JSON.stringify({ email: 'moc.elpmaxe@\u202eevil' }) });
    expect(bidi.status).toBe(400);
    expect(bidi.json().fields?.[0]).toEqual({ field: 'email', reason: 'must not contain the bidirectional control character U+202E' });
    const control = await raw(`${comms.url}/api/v1/subscribers/confirm`, { method: 'POST', headers: json, body: JSON.stringify({ phone: '+14155550123\u0007', code: '123456' }) });
    expect(control.status).toBe(400);
    expect(control.json().fields?.[0].field).toBe('phone');
    const query = await raw(`${comms.url}/api/v1/subscribers?q=%00`, { headers: { authorization: `Bearer ${TEST_COMMS_ADMIN_TOKEN}` } });
    expect(query.status).toBe(400);
    expect(query.json().fields?.[0]).toEqual({ field: 'q', reason: 'must not contain a NUL character (U+0000)' });
    const form = await raw(`${comms.url}/api/v1/subscribers/unsubscribe`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'token=abc%E2%80%AEdef' });
    expect(form.status).toBe(400);
    expect(form.json().fields?.[0].field).toBe('token');
  });

  it('sends hardening headers on the landing pages (no referrer: the token is in the URL) and the JSON API', async () => {
    const page = await raw(`${comms.url}/api/v1/subscribers/unsubscribe?token=not-a-real-token`);
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const confirm = await raw(`${comms.url}/api/v1/subscribers/confirm?token=not-a-real-token`);
    expect(confirm.headers.get('referrer-policy')).toBe('no-referrer');
    const api = await raw(`${comms.url}/api/v1/approvals`, { headers: { authorization: `Bearer ${TEST_COMMS_ADMIN_TOKEN}` } });
    expect(api.status).toBe(200);
    expect(api.headers.get('x-content-type-options')).toBe('nosniff');
    expect(api.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(api.headers.get('x-frame-options')).toBe('DENY');
  });

  it('serves the OpenAPI document and Swagger UI to signed-in users only', async () => {
    for (const path of ['/api/docs-json', '/api/docs']) {
      const anonymous = await raw(`${comms.url}${path}`);
      expect(anonymous.status).toBe(401);
      expect(anonymous.text).not.toContain('/api/v1/subscribers');
      expect((await raw(`${comms.url}${path}`, { headers: { authorization: 'Bearer not-a-token' } })).status).toBe(401);
    }
    const signedIn = await raw(`${comms.url}/api/docs-json`, { headers: { authorization: `Bearer ${TEST_COMMS_ADMIN_TOKEN}` } });
    expect(signedIn.status).toBe(200);
    expect(signedIn.text).toContain('/api/v1/subscribers');
  });

  it('documents every operation with a summary', async () => {
    const docs = await raw(`${comms.url}/api/docs-json`, { headers: { authorization: `Bearer ${TEST_COMMS_ADMIN_TOKEN}` } });
    const document = JSON.parse(docs.text) as Parameters<typeof operationsWithoutSummary>[0];
    expect(Object.keys(document.paths).length).toBeGreaterThan(15);
    expect(operationsWithoutSummary(document)).toEqual([]);
  });

  it('answers rate-limited requests with a standard Retry-After', async () => {
    let limited: Awaited<ReturnType<typeof raw>> | null = null;
    for (let i = 0; i < 400 && !limited; i++) {
      const reply = await raw(`${comms.url}/api/v1/subscribers/confirm`, { method: 'POST', headers: json, body: JSON.stringify({ phone: '+14155550123', code: '000000' }) });
      if (reply.status === 429) limited = reply;
    }
    expect(limited).not.toBeNull();
    expect(limited!.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
