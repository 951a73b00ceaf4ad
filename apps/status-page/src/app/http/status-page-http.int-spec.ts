jest.mock('feed', () => jest.requireActual<typeof import('../testing/esm-for-jest')>('../testing/esm-for-jest').loadEsmForJest('feed'));

import { AddressInfo } from 'node:net';
import { Server, createServer } from 'node:http';
import pino from 'pino';
import { ManualClock } from '@sitrep/clock';
import { loadStatusPageConfig as loadConfig } from '../../config/status-page-config';
import type { EventBus } from '@sitrep/messaging';
import { AppMetrics } from '@sitrep/observability';
import type { HttpApp } from '@sitrep/platform';
import { freePort } from '@sitrep/testing';
import { PrerenderedSite } from '../render/prerendered-site';
import { StatusPublisher } from '../status-publisher';
import { component, componentCreated, published } from '../testing/published';
import { brandingFrom, listenStatusPageHttp } from './status-page-http';

const INCIDENT = '10000000-0000-4000-8000-000000000001';

/** A stand-in for comms' public subscriber API that records what it was sent and answers as told. */
class FakeComms {
  readonly requests: { method: string; url: string; body: unknown }[] = [];
  answer: { status: number; body: unknown } = { status: 202, body: { status: 'pending_confirmation' } };
  private server!: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let text = '';
      req.on('data', (d) => (text += d));
      req.on('end', () => {
        this.requests.push({ method: req.method ?? '', url: req.url ?? '', body: text ? JSON.parse(text) : undefined });
        res.writeHead(this.answer.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(this.answer.body));
      });
    });
    await new Promise<void>((ok) => this.server.listen(0, '127.0.0.1', ok));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((ok) => this.server.close(() => ok()));
  }
}

const silent = pino({ level: 'silent' });
const bus = { kind: 'in-process', healthy: async () => true } as unknown as EventBus;

describe('status-page HTTP: pre-rendered pages and the subscription forms', () => {
  const comms = new FakeComms();
  let http: HttpApp;
  let base: string;
  let site: PrerenderedSite;
  let publisher: StatusPublisher;
  const api = component('API');

  beforeAll(async () => {
    await comms.start();
    const config = loadConfig({ COMMS_PUBLIC_URL: comms.url, STATUS_PAGE_NAME: 'Acme Status', LOG_LEVEL: 'silent' });
    site = new PrerenderedSite();
    http = await listenStatusPageHttp({ config, site, logger: silent, metrics: new AppMetrics('status-page'), bus, port: 0 });
    base = http.url;
    publisher = new StatusPublisher(site, { id: 'acme', name: 'Acme Status', url: base }, new ManualClock('2026-03-01T10:30:00Z'), brandingFrom(config));
    publisher.apply(componentCreated(api));
    publisher.apply(published({ incidentId: INCIDENT, title: 'Elevated API errors', status: 'investigating', at: '2026-03-01T10:00:00Z', components: [{ c: api, status: 'major_outage' }] }));
    publisher.render();
    site.ready = true;
  });

  afterAll(async () => {
    publisher?.stop();
    await http?.close();
    await comms.stop();
  });

  beforeEach(() => {
    comms.requests.length = 0;
    comms.answer = { status: 202, body: { status: 'pending_confirmation' } };
  });

  const form = (path: string, fields: [string, string][]) =>
    fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });

  it('reports not ready until the model is loaded, then ready', async () => {
    site.ready = false;
    expect((await fetch(`${base}/health/ready`)).status).toBe(503);
    site.ready = true;
    expect((await fetch(`${base}/health/ready`)).status).toBe(200);
  });

  it('answers 503 with Retry-After, never a page, until the model is loaded; assets and health are served meanwhile', async () => {
    site.ready = false;
    try {
      for (const path of ['/', '/api/v2/summary.json', '/history.rss', `/incidents/${INCIDENT}`, '/nonexistent-page']) {
        const response = await fetch(`${base}${path}`);
        expect([path, response.status, response.headers.get('retry-after'), response.headers.get('cache-control')]).toEqual([path, 503, '2', 'no-store']);
        expect(await response.text()).toContain('does not know the current status yet');
      }
      const head = await fetch(`${base}/`, { method: 'HEAD' });
      expect([head.status, await head.text()]).toEqual([503, '']);
      expect((await fetch(`${base}/assets/status-page.css`)).status).toBe(200);
      expect((await fetch(`${base}/health/live`)).status).toBe(200);
    } finally {
      site.ready = true;
    }
    expect((await fetch(`${base}/`)).status).toBe(200);
  });

  it('answers unknown paths, HEAD and refused methods on the fast path, never through Nest', async () => {
    const counted = async () => (await (await fetch(`${base}/metrics`)).text()).split('\n').filter((l) => l.includes('route="prerendered"')).join('\n');
    const before = await counted();
    const missing = await fetch(`${base}/nonexistent-page?x=1`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await missing.text()).toContain('No such page');
    const head = await fetch(`${base}/nonexistent-page`, { method: 'HEAD' });
    expect([head.status, await head.text()]).toEqual([404, '']);
    const post = await fetch(`${base}/nonexistent-page`, { method: 'POST', body: 'x' });
    expect(post.status).toBe(404);
    expect(post.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    const put = await fetch(`${base}/`, { method: 'PUT', body: 'x' });
    expect([put.status, put.headers.get('allow')]).toEqual([405, 'GET, HEAD, OPTIONS']);
    // Nest would have answered with its problem JSON and counted the request under a Nest route; the
    // fast path counts each of them as pre-rendered.
    const after = await counted();
    expect(after).not.toEqual(before);
    expect(after).toContain('method="POST",route="prerendered",status="404"');
    expect(after).toContain('method="HEAD",route="prerendered",status="404"');
    expect(after).toContain('method="PUT",route="prerendered",status="405"');
  });

  it('serves pages and the JSON API from memory with ETag, 304, Cache-Control, CORS and HEAD', async () => {
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('cache-control')).toBe('public, max-age=5, stale-while-revalidate=30, stale-if-error=86400');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('Major System Outage');

    const summary = await fetch(`${base}/api/v2/summary.json`);
    const etag = summary.headers.get('etag')!;
    expect(summary.headers.get('access-control-allow-origin')).toBe('*');
    expect(((await summary.json()) as { incidents: { name: string }[] }).incidents[0].name).toBe('Elevated API errors');
    const again = await fetch(`${base}/api/v2/summary.json`, { headers: { 'if-none-match': `W/"x", ${etag}` } });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    const head = await fetch(`${base}/api/v2/status.json`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(Number(head.headers.get('content-length'))).toBeGreaterThan(50);
    expect(await head.text()).toBe('');
    const preflight = await fetch(`${base}/api/v2/summary.json`, { method: 'OPTIONS', headers: { origin: 'https://widget.example', 'access-control-request-method': 'GET' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    // Some Statuspage clients join the base URL and the path with a double slash.
    expect((await fetch(`${base}//api/v2/status.json`)).status).toBe(200);
    expect((await fetch(`${base}/api/v2/summary.json`, { method: 'DELETE' })).status).toBe(405);
    for (const path of ['/history', '/history.rss', '/history.atom', `/incidents/${INCIDENT}`, '/assets/status-page.css']) expect([path, (await fetch(`${base}${path}`)).status]).toEqual([path, 200]);
    const missing = await fetch(`${base}/incidents/00000000-0000-4000-8000-00000000dead`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('No such page');
    expect((await fetch(`${base}/metrics`)).status).toBe(200);
  });

  it('forwards an email subscription to comms and says to check the inbox', async () => {
    const response = await form('/subscriptions/email', [['email', 'ada@example.com']]);
    expect(response.status).toBe(202);
    expect(await response.text()).toContain('Check your inbox');
    expect(comms.requests).toEqual([{ method: 'POST', url: '/api/v1/subscribers', body: { email: 'ada@example.com' } }]);
  });

  it('forwards an SMS subscription with its components, the number in international format', async () => {
    const response = await form('/subscriptions/sms', [['phone', '+44 (0)7700 900-123'], ['componentIds', api.id]]);
    expect(response.status).toBe(202);
    const page = await response.text();
    expect(page).toContain('Check your phone');
    // The reader enters the texted code right here; the page forwards it to comms.
    expect(page).toContain('action="/subscriptions/sms/confirm"');
    expect(page).toContain('<input type="hidden" name="phone" value="+447700900123">');
    expect(comms.requests).toEqual([{ method: 'POST', url: '/api/v1/subscribers', body: { phone: '+447700900123', componentIds: [api.id] } }]);
    const confirmed = await form('/subscriptions/sms/confirm', [['phone', '+447700900123'], ['code', '123 456']]);
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain('You are subscribed');
    expect(comms.requests.at(-1)).toEqual({ method: 'POST', url: '/api/v1/subscribers/confirm', body: { phone: '+447700900123', code: '123456' } });
    const badCode = await form('/subscriptions/sms/confirm', [['phone', '+447700900123'], ['code', 'abc']]);
    expect(badCode.status).toBe(400);
    expect(comms.requests).toHaveLength(2);
  });

  it('refuses bad input itself, saying what to fix, without calling comms', async () => {
    const email = await form('/subscriptions/email', [['email', '<script>alert(1)</script>']]);
    expect(email.status).toBe(400);
    const text = await email.text();
    expect(text).toContain('&quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot; does not look like an email address');
    expect(text).not.toContain('<script>alert');
    expect((await form('/subscriptions/sms', [['phone', '12']])).status).toBe(400);
    expect((await form('/subscriptions/sms', [['phone', '+447700900123'], ['componentIds', '00000000-0000-4000-8000-00000000beef']])).status).toBe(400);
    expect(comms.requests).toEqual([]);
  });

  it('shows comms\' reason when it refuses, and a polite 503 when it fails or is down', async () => {
    comms.answer = { status: 422, body: { title: 'Unprocessable', detail: 'this address has unsubscribed <b>twice</b>' } };
    const refused = await form('/subscriptions/email', [['email', 'ada@example.com']]);
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('this address has unsubscribed &lt;b&gt;twice&lt;/b&gt;');

    comms.answer = { status: 500, body: { title: 'Internal Server Error' } };
    const failed = await form('/subscriptions/email', [['email', 'ada@example.com']]);
    expect(failed.status).toBe(503);
    expect(failed.headers.get('retry-after')).toBe('60');
    expect(await failed.text()).toContain('We could not reach our notification service');

    // comms not listening at all.
    const down = await freePort();
    const config = loadConfig({ COMMS_PUBLIC_URL: `http://127.0.0.1:${down}`, LOG_LEVEL: 'silent' });
    const other = await listenStatusPageHttp({ config, site, logger: silent, metrics: new AppMetrics('status-page'), bus, port: 0 });
    try {
      const response = await fetch(`${other.url}/subscriptions/sms`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'phone=%2B447700900123' });
      expect(response.status).toBe(503);
      expect(await response.text()).toContain('Please try again in a few minutes');
      expect((await fetch(`${other.url}/api/v2/status.json`)).status).toBe(200);
    } finally {
      await other.close();
    }
  });

  it('forwards confirmation and unsubscribe links, asking before unsubscribing', async () => {
    const confirmed = await fetch(`${base}/subscriptions/confirm?token=abc%2B123`);
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain('You are subscribed');
    expect(comms.requests).toEqual([{ method: 'GET', url: '/api/v1/subscribers/confirm?token=abc%2B123', body: undefined }]);

    comms.requests.length = 0;
    const landing = await fetch(`${base}/subscriptions/unsubscribe?token=tok-1`);
    expect(landing.status).toBe(200);
    expect(await landing.text()).toMatch(/<form method="post" action="\/subscriptions\/unsubscribe">\s*<input type="hidden" name="token" value="tok-1">/);
    expect(comms.requests).toEqual([]);
    const unsubscribed = await form('/subscriptions/unsubscribe', [['token', 'tok-1']]);
    expect(unsubscribed.status).toBe(200);
    expect(await unsubscribed.text()).toContain('You are unsubscribed');
    expect(comms.requests).toEqual([{ method: 'POST', url: '/api/v1/subscribers/unsubscribe', body: { token: 'tok-1' } }]);

    comms.answer = { status: 404, body: { detail: 'unknown token' } };
    const stale = await fetch(`${base}/subscriptions/confirm?token=old`);
    expect(stale.status).toBe(404);
    expect(await stale.text()).toContain('This link has expired or was already used');
    expect((await fetch(`${base}/subscriptions/confirm`)).status).toBe(400);
  });
});
