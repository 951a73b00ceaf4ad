jest.mock('feed', () => jest.requireActual<typeof import('../testing/esm-for-jest')>('../testing/esm-for-jest').loadEsmForJest('feed'));

import { AddressInfo } from 'node:net';
import { Server, createServer } from 'node:http';
import pino from 'pino';
import { loadStatusPageConfig as loadConfig } from '../../config/status-page-config';
import type { EventBus } from '@sitrep/messaging';
import { AppMetrics } from '@sitrep/observability';
import type { HttpApp } from '@sitrep/platform';
import { listenStatusPageHttp } from '../http/status-page-http';
import { PrerenderedSite } from '../render/prerendered-site';

const bus = { kind: 'in-process', healthy: async () => true } as unknown as EventBus;

async function form(url: string, body: string) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** comms' public API as far as this test needs it: it records what reaches it and accepts it. */
class RecordingComms {
  readonly received: unknown[] = [];
  private server!: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let text = '';
      req.on('data', (d) => (text += d));
      req.on('end', () => {
        this.received.push(JSON.parse(text || 'null'));
        res.writeHead(202, { 'content-type': 'application/json' });
        res.end('{"status":"pending_confirmation"}');
      });
    });
    await new Promise<void>((ok) => this.server.listen(0, '127.0.0.1', ok));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((ok) => this.server.close(() => ok()));
  }
}

describe('status page forms: the shared text rule, with a page that says what is wrong', () => {
  const comms = new RecordingComms();
  let http: HttpApp;
  const subscribers = async () => comms.received.length;

  beforeAll(async () => {
    await comms.start();
    const config = loadConfig({ COMMS_PUBLIC_URL: comms.url, STATUS_PAGE_NAME: 'Acme Status', LOG_LEVEL: 'silent' });
    http = await listenStatusPageHttp({ config, site: new PrerenderedSite(), logger: pino({ level: 'silent' }), metrics: new AppMetrics('status-page'), bus, port: 0 });
  });

  afterAll(async () => {
    await http?.close();
    await comms.stop();
  });

  it('answers a NUL in the email with a 400 page about the email address, not "notification service is not answering"', async () => {
    const reply = await form(`${http.url}/subscriptions/email`, 'email=nul%00l%40example.com');
    expect(reply.status).toBe(400);
    expect(reply.headers.get('content-type')).toContain('text/html');
    expect(reply.text).toContain('Please check your email address');
    expect(reply.text).toContain('must not contain a NUL character');
    expect(reply.text).not.toContain('not answering');
    expect(await subscribers()).toBe(0);
  });

  it('refuses bidi overrides and controls in any form field, with the same kind of page', async () => {
    const bidi = await form(`${http.url}/subscriptions/email`, `email=${encodeURIComponent('moc.elpmaxe@\u202eevil')}`);
    expect(bidi.status).toBe(400);
    expect(bidi.text).toContain('bidirectional control character U+202E');
    const phone = await form(`${http.url}/subscriptions/sms`, `phone=${encodeURIComponent('+44 7700 900123\u0007')}`);
    expect(phone.status).toBe(400);
    expect(phone.text).toContain('Please check your phone number');
    const token = await form(`${http.url}/subscriptions/unsubscribe`, 'token=abc%00');
    expect(token.status).toBe(400);
    expect(token.text).toContain('Please check your link');
    expect(await subscribers()).toBe(0);
  });

  it('still subscribes a good address', async () => {
    const reply = await form(`${http.url}/subscriptions/email`, 'email=zoe%40example.com');
    expect(reply.status).toBe(202);
    expect(await subscribers()).toBe(1);
  });
});
