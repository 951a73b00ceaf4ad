import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { StatusPageConfig } from '../../config/status-page-config';
import type { EventBus } from '@sitrep/messaging';
import type { AppMetrics } from '@sitrep/observability';
import { HttpApp, listenHttpApp } from '@sitrep/platform';
import { Branding, branding } from '../render/branding';
import { siteContext } from '../render/page-html';
import { PrerenderedSite } from '../render/prerendered-site';
import { StatusPageModule } from '../status-page.module';
import { staticAssets } from '../status-publisher';
import { CommsSubscribersClient } from '../subscriptions/comms-subscribers.client';

export function brandingFrom(config: StatusPageConfig): Branding {
  return branding({ name: config.statusPageName, logoUrl: config.statusPageLogoUrl, accent: config.statusPageAccentColor, links: config.statusPageLinks });
}

/** The paths Nest answers (StatusPageModule's forms, the platform's health and metrics); the site answers the rest. */
const NEST_PREFIXES = ['/subscriptions/', '/health/'];
const NEST_PATHS = new Set(['/metrics', '/subscriptions', '/health']);

export function isNestRoute(url: string): boolean {
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  return NEST_PATHS.has(path) || NEST_PREFIXES.some((prefix) => path.startsWith(prefix));
}

/**
 * Puts the pre-rendered site in front of Nest on the raw Node server: a page view or a summary.json
 * costs a Map lookup and one write, without Express's request decoration or Nest's router, and so does
 * a 404, a HEAD or a refused method, so unknown URLs are no cheaper way to load the page during an
 * incident. Only the dynamic routes (forms, health, metrics) go on to Nest.
 */
export function installFastPath(server: Server, site: PrerenderedSite, metrics?: AppMetrics): void {
  const [nest] = server.listeners('request') as RequestListener[];
  server.removeAllListeners('request');
  // Counter children looked up once per (method, status): a label lookup per request would show in the benchmark.
  const counters = new Map<string, { inc(): void }>();
  const count = (method: string, status: number) => {
    if (!metrics) return;
    const key = `${method} ${status}`;
    let counter = counters.get(key);
    if (!counter) {
      counter = metrics.httpRequests.labels({ method, route: 'prerendered', status: String(status) });
      counters.set(key, counter);
    }
    counter.inc();
  };
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (isNestRoute(req.url ?? '/')) return nest(req, res);
    site.serve(req, res);
    count(req.method ?? 'GET', res.statusCode);
  });
}

/** The status page's HTTP side: Nest (forms, health, metrics) behind the pre-rendered fast path. */
export async function listenStatusPageHttp(options: {
  config: StatusPageConfig;
  site: PrerenderedSite;
  logger: Logger;
  metrics: AppMetrics;
  bus: EventBus;
  port: number;
}): Promise<HttpApp> {
  const { config, site, logger, metrics } = options;
  const brand = brandingFrom(config);
  const http = await listenHttpApp(
    StatusPageModule.create({
      site,
      siteContext: siteContext(brand, staticAssets(brand)),
      comms: new CommsSubscribersClient(config.commsPublicUrl),
      logger,
      platform: {
        logger,
        metrics,
        bus: options.bus,
        // Not gated on the bus: with the broker down this replica still serves the last known page.
        readiness: [{ name: 'read_model', check: async () => site.ready }],
      },
    }),
    logger,
    config.host,
    options.port,
    undefined,
    config.statusPageTrustedProxies,
  );
  installFastPath(http.app.getHttpServer() as Server, site, metrics);
  return http;
}
