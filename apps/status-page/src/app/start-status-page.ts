import { subjectFilters } from '@sitrep/contracts';
import type { SitrepConfig } from '@sitrep/config';
import { Subscription, defaultRetryPolicy, startConsumer } from '@sitrep/messaging';
import { AppMetrics } from '@sitrep/observability';
import { RunningService, ServiceRuntime } from '@sitrep/platform';
import { brandingFrom, listenStatusPageHttp } from './http/status-page-http';
import { StatusReadModel } from './read-model/status-read-model';
import { PrerenderedSite } from './render/prerendered-site';
import type { PageInfo } from './render/statuspage-v2';
import { SnapshotStore } from './snapshot/snapshot-store';
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

export function pageInfo(config: SitrepConfig, url: string): PageInfo {
  return { id: config.namespace, name: config.statusPageName, url: (config.publicUrl ?? url).replace(/\/+$/, '') };
}

/**
 * Feeds a publisher: from the event stream when the bus answers, else from the snapshot file until it
 * does. The stream is always replayed into a fresh model, swapped in once caught up, so readers see
 * either the snapshot or the whole stream, never a half-replayed mixture.
 */
export async function feedPublisher(
  runtime: ServiceRuntime,
  publisher: StatusPublisher,
  site: PrerenderedSite,
  metrics: AppMetrics,
  options: StatusPageStartOptions,
): Promise<{ stop(): Promise<void> }> {
  const { config, bus, clock } = runtime;
  const logger = runtime.logger.child({ app: STATUS_PAGE });
  const store = config.statusPageSnapshot ? new SnapshotStore(config.dataDir, config.namespace, logger) : null;
  if (store) {
    let written = '';
    publisher.onRender((_, state) => {
      if (!site.ready) return;
      const text = JSON.stringify(state);
      if (text === written) return;
      written = text;
      store.save(state);
    });
  }

  const subscriptions: Subscription[] = [];
  let stopped = false;
  const replay = async () => {
    const fresh = new StatusReadModel();
    let live = false;
    const base = `status-page-${config.instanceId}`.replace(/[^A-Za-z0-9_-]/g, '_');
    // Two consumers, because nats-server 2.9 takes one filter each: internal incident events never reach this process.
    for (const [suffix, filter, types] of [
      ['components', subjectFilters.componentEvents, ['component.created']],
      ['communications', subjectFilters.communicationEvents, ['communication.published']],
    ] as const) {
      const consumer = `${base}-${suffix}`;
      const subscription = await startConsumer(
        {
          consumer,
          kind: 'replay',
          filter,
          types,
          handle: async (event) => {
            if (live) publisher.apply(event);
            else fresh.apply(event);
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
    publisher.useModel(fresh);
    logger.info({ components: fresh.snapshot().components.length, reports: fresh.snapshot().reports.length }, 'read model loaded from the event stream');
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
    const saved = await store?.load();
    if (saved) {
      site.ready = true;
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
    },
  };
}

/**
 * The public page holds its read model in memory, rebuilt from the event stream at start-up (or read
 * from its snapshot when the stream is unreachable); it needs no database, so it keeps serving the last
 * known page when everything behind it is down.
 */
export async function startStatusPage(runtime: ServiceRuntime, options: StatusPageStartOptions = {}): Promise<RunningService> {
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
