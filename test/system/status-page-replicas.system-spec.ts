import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { JetStreamBus } from '@sitrep/messaging';
import { PrivateNatsServer, ServiceProcess, freePort, testNamespace } from '@sitrep/testing';
import { StatusPageEvents, longHistory, realisticStatusPage } from '../support/status-page-events';

/** What a visitor or a cache gets from a replica: the status, the bytes and the headers that validate them. */
async function answer(url: string, path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${url}${path}`, { headers });
  const body = await response.text();
  return {
    path,
    status: response.status,
    body,
    etag: response.headers.get('etag'),
    lastModified: response.headers.get('last-modified'),
    cacheControl: response.headers.get('cache-control'),
    contentType: response.headers.get('content-type'),
  };
}

describe('status-page replicas fed the same events', () => {
  const namespace = testNamespace();
  let nats: PrivateNatsServer;
  const running: ServiceProcess[] = [];

  const replica = async (instance: string, env: Record<string, string> = {}) => {
    const port = await freePort();
    const process = new ServiceProcess('apps/status-page/src/main.ts', {
      DATABASE_URL: 'postgres://unused@127.0.0.1:1/unused',
      NATS_URL: nats.url,
      SITREP_NAMESPACE: namespace,
      SITREP_DATA_DIR: mkdtempSync(join(tmpdir(), `sitrep-replica-${instance}-`)),
      SITREP_INSTANCE_ID: instance,
      PUBLIC_URL: 'https://status.example.test',
      STATUS_PAGE_NAME: 'Acme Status',
      STATUS_PAGE_PORT: String(port),
      ...env,
    });
    running.push(process);
    const url = `http://127.0.0.1:${port}`;
    process.start();
    await process.waitReady(url, 60_000);
    return url;
  };

  beforeAll(async () => {
    nats = new PrivateNatsServer(await freePort());
    await nats.start();
    const bus = new JetStreamBus({ servers: nats.url, namespace, replicas: 1, name: 'replicas-test', logger: pino({ level: 'silent' }) });
    await bus.start();
    await bus.close();
  });

  afterAll(async () => {
    await Promise.all(running.map((p) => p.stop('SIGKILL')));
    await nats?.stop();
  });

  it('serve the same bytes, ETag and Last-Modified, whenever each started and however many workers it runs', async () => {
    const now = new Date();
    const page = realisticStatusPage(now);
    const history = longHistory(now, page.components, 200);
    const events = await StatusPageEvents.connect(nats.url, namespace);
    try {
      for (const event of [...page.events.slice(0, page.components.length), ...history, ...page.events.slice(page.components.length)]) await events.publish(event);
    } finally {
      await events.close();
    }
    const active = page.events.find((e) => e.type === 'communication.published')!.incidentId!;
    const past = history.at(-1)!.incidentId!;

    // One replica with two HTTP workers (past incidents' pages come from its primary over IPC), and one
    // single process started a few seconds later: nothing they send may depend on when they started.
    const a = await replica('replica-a', { STATUS_PAGE_WORKERS: '2' });
    await new Promise((ok) => setTimeout(ok, 2_100));
    const b = await replica('replica-b');

    const paths = ['/', '/history', '/api/v2/summary.json', '/api/v2/incidents.json', '/history.rss', '/history.atom', `/incidents/${active}`, `/incidents/${past}`, '/assets/status-page.css'];
    for (const path of paths) {
      const [fromA, fromB] = [await answer(a, path), await answer(b, path)];
      expect(fromA.status).toBe(200);
      expect(fromB).toEqual(fromA);
      // A cache that got the document from one replica revalidates it at the other.
      if (fromA.etag) expect([path, (await answer(b, path, { 'if-none-match': fromA.etag })).status]).toEqual([path, 304]);
    }
    // The past incident's page, rendered on request, is the page and not a 404; it names its data's time.
    const pastPage = await answer(b, `/incidents/${past}`);
    expect(pastPage.body).toContain('incident 40');
    expect(new Date(pastPage.lastModified!).getTime()).toBeLessThan(now.getTime() - 90 * 86_400_000);
    // Unknown incidents are a 404 on both, workers or not.
    const unknown = '/incidents/00000000-0000-4000-8000-00000000dead';
    expect([(await answer(a, unknown)).status, (await answer(b, unknown)).status]).toEqual([404, 404]);
  }, 180_000);
});
