import { subjectFilters } from '@sitrep/contracts';
import type { StatusPageConfig } from '../config/status-page-config';
import { Subscription, defaultRetryPolicy, startConsumer } from '@sitrep/messaging';
import { AppMetrics } from '@sitrep/observability';
import { RunningService, ServiceRuntime } from '@sitrep/platform';
import { brandingFrom, listenStatusPageHttp } from './http/status-page-http';
import { StatusReadModel } from './read-model/status-read-model';
import { PrerenderedSite } from './render/prerendered-site';
import { SiteDirectory } from './render/site-directory';
import type { PageInfo } from './render/statuspage-v2';
import { resumablePosition } from './snapshot/resumable-position';
import { SnapshotStore, StreamPositions } from './snapshot/snapshot-store';
import { StatusPublisher } from './status-publisher';

export const STATUS_PAGE = 'status-page';

export interface StatusPageStartOptions {
  /**
   * Resolves when the bus is connected. The standalone process starts the bus in the background and
   * passes its promise, so that an unreachable NATS does not keep the page from serving its snapshot;
   * the embedded launcher starts the bus first and passes nothing.
   */
  busStarted?: Promise<void>;
}

/**
 * JetStreamBus judges a replay caught up by the stream's last sequence, which a filtered consumer never
 * reaches when nothing on the stream matches its filter (no communication published yet, while incident
 * events are there). The consumer's own lag going to zero says the same thing and does not wait for that.
 */
async function caughtUp(subscription: Subscription): Promise<void> {
  let settled = false;
  const byLag = (async () => {
    while (!settled) {
      await new Promise((ok) => setTimeout(ok, 200));
      if (!settled && (await subscription.lag().catch(() => 1)) === 0) return;
    }
  })();
  await Promise.race([subscription.caughtUp, byLag]);
  settled = true;
}

export function pageInfo(config: StatusPageConfig, url: string): PageInfo {
  return { id: config.namespace, name: config.statusPageName, url: (config.publicUrl ?? url).replace(/\/+$/, '') };
}

/** The two replay consumers (nats-server 2.9 takes one filter each): internal incident events never reach this process. */
const FEEDS = [
  ['components', subjectFilters.componentEvents, ['component.created']],
  ['communications', subjectFilters.communicationEvents, ['communication.published']],
] as const;

/**
 * Feeds a publisher: from its snapshot plus the tail of the event stream when both are there, from the
 * whole stream when there is no usable snapshot, and from the snapshot alone while the bus does not
 * answer. The stream is read into a separate model, swapped in once caught up, so readers see either
 * the snapshot (only while NATS is down) or a model that is up to date, never a half-replayed mixture;
 * before either there is nothing to serve and the site answers 503.
 */
export async function feedPublisher(
  runtime: ServiceRuntime<StatusPageConfig>,
  publisher: StatusPublisher,
  site: PrerenderedSite,
  metrics: AppMetrics,
  options: StatusPageStartOptions,
): Promise<{ stop(): Promise<void> }> {
  const { config, bus, clock } = runtime;
  const logger = runtime.logger.child({ app: STATUS_PAGE });
  const store = config.statusPageSnapshot ? new SnapshotStore(config.dataDir, config.namespace, logger) : null;
  const saved = (await store?.load()) ?? null;
  // nginx's copy of the site (STATUS_PAGE_SITE_DIR), written after each render once the model is loaded.
  const siteDirectory = config.statusPageSiteDir ? new SiteDirectory(config.statusPageSiteDir, logger) : null;
  if (siteDirectory) {
    publisher.onRender(() => siteDirectory.update(site));
    site.onLazyAdded = () => siteDirectory.update(site);
  }
  /** Where the model the publisher holds stands in the stream; null while it holds none (or an unplaced one). */
  let position: StreamPositions | null = null;
  if (store) {
    let written = '';
    publisher.onRender((_, state) => {
      if (!site.ready) return;
      const at = position && { streamId: position.streamId, sequences: { ...position.sequences } };
      const text = JSON.stringify([state, at]);
      if (text === written) return;
      written = text;
      store.save(state, at);
    });
  }

  const subscriptions: Subscription[] = [];
  let stopped = false;
  const replay = async () => {
    const began = Date.now();
    const stream = await bus.streamPosition();
    const resumed = saved ? resumablePosition(saved.position, stream) : null;
    const fresh = resumed && saved ? StatusReadModel.fromState(saved.state) : new StatusReadModel();
    const tracked: StreamPositions = { streamId: stream.streamId, sequences: {} };
    for (const [suffix] of FEEDS) tracked.sequences[suffix] = resumed?.sequences[suffix] ?? 0;
    let live = false;
    const base = `status-page-${config.instanceId}`.replace(/[^A-Za-z0-9_-]/g, '_');
    for (const [suffix, filter, types] of FEEDS) {
      const consumer = `${base}-${suffix}`;
      const subscription = await startConsumer(
        {
          consumer,
          kind: 'replay',
          filter,
          types,
          startAfterSequence: tracked.sequences[suffix] || undefined,
          handle: async (event) => {
            if (live) publisher.apply(event);
            else fresh.apply(event);
          },
          // Recorded after the event is applied, so a saved position is never ahead of the saved model.
          passed: (sequence) => {
            if (sequence > tracked.sequences[suffix]) tracked.sequences[suffix] = sequence;
          },
        },
        { bus, logger, metrics, retry: { ...defaultRetryPolicy, maxDeliveries: config.consumerMaxDeliveries }, now: () => clock.now() },
      );
      metrics.measureConsumerLag(consumer, () => subscription.lag());
      subscriptions.push(subscription);
    }
    await Promise.all(subscriptions.map(caughtUp));
    if (stopped) return;
    live = true;
    site.ready = true;
    position = tracked;
    publisher.useModel(fresh);
    const loaded = fresh.snapshot();
    logger.info(
      {
        components: loaded.components.length,
        reports: loaded.reports.length,
        resumedAfter: resumed?.sequences ?? null,
        streamAt: stream.lastSequence,
        loadMs: Date.now() - began,
        processUptimeMs: Math.round(process.uptime() * 1000),
      },
      resumed ? 'read model loaded from the snapshot and the tail of the event stream' : 'read model loaded from the event stream',
    );
  };

  const busStarted = (options.busStarted ?? Promise.resolve()).then(
    () => 'bus' as const,
    (error: unknown) => {
      logger.error({ err: error }, 'status page could not start its bus; serving the snapshot if there is one');
      return 'failed' as const;
    },
  );
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<'timeout'>((ok) => (timer = setTimeout(() => ok('timeout'), config.statusPageBusWaitMs)));
  const first = await Promise.race([busStarted, waited]);
  clearTimeout(timer);
  if (first !== 'bus') {
    if (saved) {
      site.ready = true;
      position = saved.position;
      publisher.useModel(StatusReadModel.fromState(saved.state));
      logger.warn({ savedAt: saved.savedAt, path: store!.path }, 'NATS is unreachable: serving the status-page snapshot until the stream answers');
    } else {
      logger.warn({ snapshot: store?.path ?? 'disabled' }, 'NATS is unreachable and there is no snapshot: not ready until the stream answers');
    }
  }
  const replaying = busStarted.then((outcome) => (outcome === 'bus' && !stopped ? replay() : undefined)).catch((error: unknown) => logger.error({ err: error }, 'status page replay failed'));

  return {
    stop: async () => {
      stopped = true;
      publisher.stop();
      await Promise.race([replaying, new Promise((ok) => setTimeout(ok, 1_000).unref())]);
      for (const subscription of subscriptions) await subscription.drain().catch(() => undefined);
      await store?.flushed();
      await siteDirectory?.flushed();
    },
  };
}

/**
 * The public page holds its read model in memory, rebuilt from the event stream at start-up (or read
 * from its snapshot when the stream is unreachable); it needs no database, so it keeps serving the last
 * known page when everything behind it is down.
 */
export async function startStatusPage(runtime: ServiceRuntime<StatusPageConfig>, options: StatusPageStartOptions = {}): Promise<RunningService> {
  const { config, clock } = runtime;
  const logger = runtime.logger.child({ app: STATUS_PAGE });
  const metrics = new AppMetrics(STATUS_PAGE);
  const site = new PrerenderedSite();
  const http = await listenStatusPageHttp({ config, site, logger, metrics, bus: runtime.bus, port: runtime.port });
  const publisher = new StatusPublisher(site, pageInfo(config, http.url), clock, brandingFrom(config));
  publisher.render();
  const feed = await feedPublisher(runtime, publisher, site, metrics, options);
  logger.info({ url: http.url }, 'status-page listening');
  return {
    name: STATUS_PAGE,
    url: http.url,
    stop: async () => {
      await feed.stop();
      await http.close();
    },
  };
}
