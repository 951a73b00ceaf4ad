import { startConsumer, defaultRetryPolicy, Subscription } from '@sitrep/messaging';
import { AppMetrics } from '@sitrep/observability';
import { databaseReachable, migrate } from '@sitrep/persistence';
import type { CommsAppConfig } from '../config/comms-config';
import { RunningService, ServiceRuntime, assertMigrated, listenHttpApp, outboxRelayFor, tokenStoreFor } from '@sitrep/platform';
import { COMMS_SCHEMA } from './comms-schema';
import { CommsModule } from './comms.module';
import { commsDataSource } from './data-source';
import { incidentIntakeHandler } from './incidents/incident-intake.handler';
import { componentIntakeHandler } from './components/component-intake.handler';
import { customerClockHandler } from './communications/customer-clock.handler';
import { maintenanceHandler } from './communications/maintenance.handler';
import { postmortemHandler } from './communications/postmortem.handler';
import { MessageRenderer } from './templates/message-renderer';
import { CommsDelivery } from './delivery/comms-delivery';
import { BusCommandClient } from './slack-app/command-client';
import { SLACK_TEXTS } from './slack-app/slack-texts';

export const COMMS = 'comms';

export async function startComms(runtime: ServiceRuntime<CommsAppConfig>): Promise<RunningService> {
  const { config, bus, clock } = runtime;
  const logger = runtime.logger.child({ app: COMMS });
  const dataSource = commsDataSource(runtime.databaseUrl);
  if (runtime.migrateOnStart) await migrate(dataSource, COMMS_SCHEMA);
  await dataSource.initialize();
  await assertMigrated(dataSource, COMMS);
  const tokenStore = await tokenStoreFor(dataSource, COMMS_SCHEMA, config.adminToken);
  const metrics = new AppMetrics(COMMS);
  // Checked now: a broken template override (SITREP_TEMPLATES_DIR) stops the start, naming the file.
  const renderer = new MessageRenderer({ overrideDir: config.templatesDir, pageName: config.statusPageName, statusPageUrl: config.publicUrl ?? null });
  renderer.check();
  const relay = outboxRelayFor(runtime, dataSource, COMMS_SCHEMA, logger, metrics);
  // Asked inside an event's transaction (who sponsors an incident): a short wait, then the event is tried again.
  const incidentCore = new BusCommandClient(bus, SLACK_TEXTS.notConfigured, 3_000);
  const delivery = await CommsDelivery.create({ dataSource, config, clock, logger, metrics, renderer, outboxSignal: { wake: () => relay?.wake() }, incidentCore });

  const deps = { bus, logger, metrics, retry: { ...defaultRetryPolicy, maxDeliveries: config.consumerMaxDeliveries }, now: () => clock.now() };
  const subscriptions: Subscription[] = [];
  for (const handler of [
    incidentIntakeHandler(dataSource, clock, { renderer, logger }),
    componentIntakeHandler(dataSource, clock),
    customerClockHandler(dataSource, clock, { renderer, logger }),
    maintenanceHandler(dataSource, clock, renderer),
    postmortemHandler(dataSource, clock, renderer),
    ...delivery.handlers(),
  ]) {
    const subscription = await startConsumer(handler, deps);
    metrics.measureConsumerLag(handler.consumer, () => subscription.lag());
    subscriptions.push(subscription);
  }

  const http = await listenHttpApp(
    CommsModule.create({
      dataSource,
      approvalQueue: {
        clock,
        outboxSignal: { wake: () => relay?.wake() },
        renderer,
        tokenStore,
        // The approval page signs people in through the console's identity provider, with the console's session lifetimes.
        pageSignIn: { oidc: config.approvalPage.oidc, publicUrl: config.commsPublicUrl, lifetime: { idleSeconds: config.approvalPage.idleSeconds, absoluteSeconds: config.approvalPage.absoluteSeconds } },
      },
      delivery: delivery.module(),
      statusPageUrl: config.publicUrl ?? `http://localhost:${config.ports.statusPage}`,
      slackApp: {
        dataSource,
        workspace: delivery.channels.slack?.workspace ?? null,
        signingSecret: config.comms.slack?.signingSecret ?? null,
        commands: new BusCommandClient(bus, SLACK_TEXTS.notConfigured),
        logger: logger.child({ component: 'slack-app' }),
        pollMs: Math.max(200, config.comms.delivery.pollMs),
        queued: () => delivery.worker.wake('slack'),
      },
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
    { title: 'Sitrep comms', description: 'Communications: approvals, subscribers, delivery.', access: config.apiDocs },
    config.comms.trustedProxies,
  );
  await relay?.start();
  delivery.start();
  logger.info({ url: http.url, relay: Boolean(relay) }, 'comms listening');

  return {
    name: COMMS,
    url: http.url,
    // Drains in order, each step while the database is still open: consumers finish their messages; the
    // delivery workers stop claiming, finish the sends in flight and record them (a send not recorded
    // would go out again after its lease); the outbox relay publishes what is left. Only then does the
    // HTTP app close, which also closes the data source (TypeOrmModule's shutdown hook), and the bus after it.
    stop: async () => {
      for (const s of subscriptions) await s.drain();
      await delivery.stop();
      await relay?.stop();
      await http.close();
      if (dataSource.isInitialized) await dataSource.destroy();
    },
  };
}
