import cluster, { Worker } from 'node:cluster';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { StatusPageConfig } from '../../config/status-page-config';
import type { EventBus } from '@sitrep/messaging';
import { AppMetrics } from '@sitrep/observability';
import { RunningService, ServiceRuntime } from '@sitrep/platform';
import { brandingFrom, listenStatusPageHttp } from '../http/status-page-http';
import { PrerenderedSite, SiteDocument } from '../render/prerendered-site';
import { StatusPublisher, RenderedSite } from '../status-publisher';
import { STATUS_PAGE, StatusPageStartOptions, feedPublisher, pageInfo } from '../start-status-page';

/** The message the primary sends its HTTP workers after each render. */
interface SiteMessage {
  type: 'status-page:site';
  rendered: { documents: RenderedSite['documents']; at: string; meta: RenderedSite['meta'] };
  ready: boolean;
}

/** A worker asks for a page rendered on request (a past incident's); the primary answers with it or null. */
interface PageRequest {
  type: 'status-page:page?';
  id: number;
  path: string;
}

interface PageAnswer {
  type: 'status-page:page';
  id: number;
  document: SiteDocument | null;
}

function isSiteMessage(message: unknown): message is SiteMessage {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'status-page:site';
}

function isPageRequest(message: unknown): message is PageRequest {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'status-page:page?';
}

function isPageAnswer(message: unknown): message is PageAnswer {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'status-page:page';
}

/** The only paths rendered on request; anything else a worker does not hold is a 404 without asking. */
const ON_REQUEST = /^\/incidents\/[^/]+$/;
/** Paths a worker learnt are not there, until the next render; bounded, so random URLs cannot grow it. */
const MAX_KNOWN_MISSING = 10_000;

/**
 * One status page as several processes (node:cluster): the primary holds the bus, the read model, the
 * renders and the snapshot, and hands every render's bytes to its HTTP workers, which each keep them in
 * memory and answer requests. One Node process serves roughly 0.4 of nginx's rate on two cores; two
 * workers serve most of it (see docs/benchmarks.md).
 */
export async function startStatusPagePrimary(runtime: ServiceRuntime<StatusPageConfig>, options: StatusPageStartOptions & { workers: number }): Promise<RunningService> {
  const { config, clock } = runtime;
  const logger = runtime.logger.child({ app: STATUS_PAGE, role: 'primary' });
  const metrics = new AppMetrics(STATUS_PAGE);
  const site = new PrerenderedSite();
  const url = `http://${config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host}:${runtime.port}`;
  const publisher = new StatusPublisher(site, pageInfo(config, url), clock, brandingFrom(config));
  let latest: SiteMessage | null = null;
  const send = (worker: Worker) => {
    if (latest && worker.isConnected()) worker.send(latest);
  };
  publisher.onRender((rendered) => {
    latest = { type: 'status-page:site', rendered: { documents: rendered.documents, at: rendered.at.toISOString(), meta: rendered.meta }, ready: site.ready };
    for (const worker of Object.values(cluster.workers ?? {})) if (worker) send(worker);
  });
  publisher.render();

  // Workers run this same entry point; under the TypeScript runner they need it to load main.ts.
  const main = join(__dirname, '..', '..', __filename.endsWith('.ts') ? 'main.ts' : 'main.js');
  if (main.endsWith('.ts')) cluster.setupPrimary({ exec: join(__dirname, '..', '..', '..', '..', '..', 'tools', 'run-ts.cjs'), args: [main] });
  else cluster.setupPrimary({ exec: main });
  // Workers accept on the shared socket themselves: with the default round-robin the primary accepts every
  // connection and passes it on, and a burst of 1,000 connects then overflows its accept queue.
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  let stopping = false;
  const fork = () => {
    const worker = cluster.fork({ STATUS_PAGE_PORT: String(runtime.port) });
    worker.on('online', () => send(worker));
    worker.on('message', (message: unknown) => {
      if ((message as { type?: string })?.type === 'status-page:hello') send(worker);
      if (isPageRequest(message) && worker.isConnected()) {
        // Rendered here once, kept in the primary's site (and nginx's copy of it) and in every later render.
        const document = site.get(message.path) ? publisher.lazyDocument(message.path) : null;
        const answer: PageAnswer = { type: 'status-page:page', id: message.id, document };
        worker.send(answer);
      }
    });
    worker.on('exit', (code, signal) => {
      if (stopping) return;
      logger.error({ code, signal, worker: worker.id }, 'status-page HTTP worker exited; starting another');
      setTimeout(fork, 500).unref();
    });
  };
  for (let i = 0; i < options.workers; i++) fork();

  const feed = await feedPublisher(runtime, publisher, site, metrics, options);
  logger.info({ url, workers: options.workers }, 'status-page listening (cluster)');
  return {
    name: STATUS_PAGE,
    url,
    stop: async () => {
      stopping = true;
      await feed.stop();
      await Promise.all(
        Object.values(cluster.workers ?? {}).map(
          (worker) =>
            new Promise<void>((ok) => {
              if (!worker || worker.isDead()) return ok();
              worker.once('exit', () => ok());
              worker.kill('SIGTERM');
            }),
        ),
      );
    },
  };
}

/** An HTTP worker: serves the bytes its primary sends, and the forms; holds no bus and no model. */
export async function startStatusPageWorker(config: StatusPageConfig, logger: Logger, bus: EventBus): Promise<RunningService> {
  const log = logger.child({ app: STATUS_PAGE, role: 'worker', worker: cluster.worker?.id });
  const metrics = new AppMetrics(STATUS_PAGE);
  const site = new PrerenderedSite();
  // Without its primary there is nobody to send new bytes: leave rather than serve a page that can only go stale.
  process.on('disconnect', () => process.exit(0));
  const asked = new Map<number, (document: SiteDocument | null) => void>();
  let missing = new Set<string>();
  let nextId = 0;
  process.on('message', (message: unknown) => {
    if (isPageAnswer(message)) {
      asked.get(message.id)?.(message.document);
      asked.delete(message.id);
      return;
    }
    if (!isSiteMessage(message)) return;
    site.replace(message.rendered.documents, new Date(message.rendered.at), message.rendered.meta);
    site.ready = message.ready;
    missing = new Set();
  });
  site.lazy = (path) => {
    if (!ON_REQUEST.test(path) || missing.has(path) || !process.send) return null;
    const id = nextId++;
    const request: PageRequest = { type: 'status-page:page?', id, path };
    return new Promise<SiteDocument | null>((resolve, reject) => {
      // A primary that does not answer (stopping, busy) gets the reader a 503 with Retry-After, not a hang.
      const timer = setTimeout(() => {
        asked.delete(id);
        reject(new Error(`the primary did not render ${path} in time`));
      }, 5_000);
      asked.set(id, (document) => {
        clearTimeout(timer);
        if (document === null && missing.size < MAX_KNOWN_MISSING) missing.add(path);
        resolve(document);
      });
      process.send!(request);
    });
  };
  const http = await listenStatusPageHttp({ config, site, logger: log, metrics, bus, port: config.ports.statusPage });
  process.send?.({ type: 'status-page:hello' });
  return {
    name: STATUS_PAGE,
    url: http.url,
    stop: async () => {
      await http.close();
    },
  };
}
