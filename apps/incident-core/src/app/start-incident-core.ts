import { AppMetrics } from '@sitrep/observability';
import { Subscription, defaultRetryPolicy, startConsumer } from '@sitrep/messaging';
import { communicationIntakeHandler } from './incidents/communication-intake.handler';
import { warRoomIntakeHandler } from './incidents/war-room-intake.handler';
import { loadPolicy } from './policy/policy-file';
import { databaseReachable, migrate } from '@sitrep/persistence';
import type { IncidentCoreConfig } from '../config/incident-core-config';
import { RunningService, ServiceRuntime, assertMigrated, listenHttpApp, outboxRelayFor, tokenStoreFor } from '@sitrep/platform';
import { CommandExecutor } from './commands/kernel/command-executor';
import { serveCommands } from './commands/serve/serve-commands';
import { CORE_SCHEMA } from './core-schema';
import { coreDataSource } from './data-source';
import { IncidentCoreModule } from './incident-core.module';
import { postmortemSettingsFrom } from './postmortems/postmortem-settings';

export const INCIDENT_CORE = 'incident-core';

export async function startIncidentCore(runtime: ServiceRuntime<IncidentCoreConfig>): Promise<RunningService> {
  const { config, bus, clock } = runtime;
  const logger = runtime.logger.child({ app: INCIDENT_CORE });
  const dataSource = coreDataSource(runtime.databaseUrl);
  if (runtime.migrateOnStart) await migrate(dataSource, CORE_SCHEMA);
  await dataSource.initialize();
  await assertMigrated(dataSource, INCIDENT_CORE);
  const tokenStore = await tokenStoreFor(dataSource, CORE_SCHEMA, config.adminToken);
  const metrics = new AppMetrics(INCIDENT_CORE);
  const policy = loadPolicy(config.policyFile);

  const relay = outboxRelayFor(runtime, dataSource, CORE_SCHEMA, logger, metrics);

  const http = await listenHttpApp(
    IncidentCoreModule.create({
      dataSource,
      clock,
      outboxSignal: { wake: () => relay?.wake() },
      rosterFile: config.rosterFile,
      policy,
      settings: { normalTicketsPerHour: config.normalTicketsPerHour, customerBaseTotal: config.customerBaseTotal, compensationCeiling: config.compensationCeiling },
      scheduler: { enabled: true, pollMs: config.deadlinePollMs },
      postmortems: postmortemSettingsFrom(config),
      console: config.console,
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
    { title: 'Sitrep incident-core', description: 'Incident command: incidents, roles, clocks, escalations, timeline, people.', access: config.apiDocs },
  );
  await relay?.start();
  const signal = { wake: () => relay?.wake() };
  const consumerDeps = { bus, logger, metrics, retry: { ...defaultRetryPolicy, maxDeliveries: config.consumerMaxDeliveries }, now: () => clock.now() };
  const intakes: Subscription[] = [];
  for (const handler of [communicationIntakeHandler(dataSource, policy, signal), warRoomIntakeHandler(dataSource, signal)]) {
    const subscription = await startConsumer(handler, consumerDeps);
    metrics.measureConsumerLag(handler.consumer, () => subscription.lag());
    intakes.push(subscription);
  }
  // Commands and queries over the bus (Slack app, console): the same executor as the HTTP API.
  const responders = await serveCommands({ bus, executor: http.app.get(CommandExecutor), dataSource, policy, clock, logger });
  logger.info({ url: http.url, relay: Boolean(relay) }, 'incident-core listening');

  return {
    name: INCIDENT_CORE,
    url: http.url,
    stop: async () => {
      for (const responder of responders) await responder.stop();
      for (const intake of intakes) await intake.drain();
      await http.close();
      await relay?.stop();
      if (dataSource.isInitialized) await dataSource.destroy();
    },
  };
}
