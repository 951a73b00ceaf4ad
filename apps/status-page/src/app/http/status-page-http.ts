import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { SitrepConfig } from '@sitrep/config';
import type { EventBus } from '@sitrep/messaging';
import type { AppMetrics } from '@sitrep/observability';
import { HttpApp, listenHttpApp } from '@sitrep/platform';
import { Branding, branding } from '../render/branding';
import { siteContext } from '../render/page-html';
import { PrerenderedSite } from '../render/prerendered-site';
import { StatusPageModule } from '../status-page.module';
import { staticAssets } from '../status-publisher';
import { CommsSubscribersClient } from '../subscriptions/comms-subscribers.client';

export function brandingFrom(config: SitrepConfig): Branding {
  return branding({ name: config.statusPageName, logoUrl: config.statusPageLogoUrl, accent: config.statusPageAccentColor, links: config.statusPageLinks });
}

/**
 * Puts the pre-rendered site in front of Nest on the raw Node server: a page view or a summary.json
 * costs a Map lookup and one write, without Express's request decoration or Nest's router. Anything
 * the site does not know (forms, health, metrics) goes on to Nest unchanged.
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
    if (site.serve(req, res)) count(req.method ?? 'GET', res.statusCode);
    else nest(req, res);
  });
}

/** The status page's HTTP side: Nest (forms, health, metrics) behind the pre-rendered fast path. */
export async function listenStatusPageHttp(options: {
  config: SitrepConfig;
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
  );
  installFastPath(http.app.getHttpServer() as Server, site, metrics);
  return http;
}
