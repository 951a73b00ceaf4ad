import { startConsumer, defaultRetryPolicy, Subscription } from '@sitrep/messaging';
import { AppMetrics } from '@sitrep/observability';
import { databaseReachable, migrate } from '@sitrep/persistence';
import { RunningService, ServiceRuntime, assertMigrated, listenHttpApp, tokenStoreFor } from '@sitrep/platform';
import { COMMS_SCHEMA } from './comms-schema';
import { CommsModule } from './comms.module';
import { commsDataSource } from './data-source';
import { incidentIntakeHandler } from './incidents/incident-intake.handler';

export const COMMS = 'comms';

export async function startComms(runtime: ServiceRuntime): Promise<RunningService> {
  const { config, bus, clock } = runtime;
  const logger = runtime.logger.child({ app: COMMS });
  const dataSource = commsDataSource(runtime.databaseUrl);
  if (runtime.migrateOnStart) await migrate(dataSource, COMMS_SCHEMA);
  await dataSource.initialize();
  await assertMigrated(dataSource, COMMS);
  const tokenStore = await tokenStoreFor(dataSource, COMMS_SCHEMA, config.adminToken);
  const metrics = new AppMetrics(COMMS);

  const deps = { bus, logger, metrics, retry: { ...defaultRetryPolicy, maxDeliveries: config.consumerMaxDeliveries }, now: () => clock.now() };
  const subscriptions: Subscription[] = [];
  for (const handler of [incidentIntakeHandler(dataSource, clock)]) {
    const subscription = await startConsumer(handler, deps);
    metrics.measureConsumerLag(handler.consumer, () => subscription.lag());
    subscriptions.push(subscription);
  }

  const http = await listenHttpApp(
    CommsModule.create({
      dataSource,
      platform: {
        logger,
        metrics,
        bus,
        tokenStore,
        deadLetters: true,
        readiness: [
          { name: 'database', check: () => databaseReachable(dataSource) },
          { name: 'bus', check: () => bus.healthy() },
        ],
      },
    }),
    logger,
    config.host,
    runtime.port,
    { title: 'Sitrep comms', description: 'Communications: approvals, subscribers, delivery.' },
  );
  logger.info({ url: http.url }, 'comms listening');

  return {
    name: COMMS,
    url: http.url,
    stop: async () => {
      for (const s of subscriptions) await s.drain();
      await http.close();
      if (dataSource.isInitialized) await dataSource.destroy();
    },
  };
}
