import { subjectFilters } from '@sitrep/contracts';
import { defaultRetryPolicy, startConsumer } from '@sitrep/messaging';
import { AppMetrics } from '@sitrep/observability';
import { RunningService, ServiceRuntime, listenHttpApp } from '@sitrep/platform';
import { PrerenderedSite } from './render/prerendered-site';
import { StatusPageModule } from './status-page.module';
import { StatusPublisher } from './status-publisher';

export const STATUS_PAGE = 'status-page';

/**
 * The public page holds its read model in memory, rebuilt from the event stream at start-up; it needs
 * no database, so it keeps serving the last known page when everything behind it is down.
 */
export async function startStatusPage(runtime: ServiceRuntime): Promise<RunningService> {
  const { config, bus, clock } = runtime;
  const logger = runtime.logger.child({ app: STATUS_PAGE });
  const metrics = new AppMetrics(STATUS_PAGE);
  const site = new PrerenderedSite();
  const publicUrl = config.publicUrl ?? `http://localhost:${runtime.port}`;
  const publisher = new StatusPublisher(site, { id: config.namespace, name: config.statusPageName, url: publicUrl }, clock);

  const consumer = `status-page-${config.instanceId}`.replace(/[^A-Za-z0-9_-]/g, '_');
  const subscription = await startConsumer(
    {
      consumer,
      kind: 'replay',
      filter: subjectFilters.allEvents,
      types: ['component.created'],
      handle: async (event) => publisher.apply(event),
    },
    { bus, logger, metrics, retry: { ...defaultRetryPolicy, maxDeliveries: config.consumerMaxDeliveries }, now: () => clock.now() },
  );
  metrics.measureConsumerLag(consumer, () => subscription.lag());
  let loaded = false;
  void subscription.caughtUp.then(() => {
    publisher.render();
    loaded = true;
    logger.info('read model loaded');
  });

  const http = await listenHttpApp(
    StatusPageModule.create({
      site,
      platform: {
        logger,
        metrics,
        bus,
        // Not gated on the bus: with the broker down this replica still serves the last known page.
        readiness: [{ name: 'read_model', check: async () => loaded }],
      },
    }),
    logger,
    config.host,
    runtime.port,
  );
  logger.info({ url: http.url }, 'status-page listening');
  return {
    name: STATUS_PAGE,
    url: http.url,
    stop: async () => {
      await subscription.drain();
      await http.close();
    },
  };
}
