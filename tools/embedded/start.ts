import 'reflect-metadata';
import { resolve } from 'node:path';
import { systemClock } from '@sitrep/clock';
import { loadOrExit } from '@sitrep/config';
import { createBus } from '@sitrep/messaging';
import { createLogger } from '@sitrep/observability';
import { EmbeddedPostgres, startEmbeddedPostgres } from '@sitrep/persistence';
import { RunningService } from '@sitrep/platform';
import { startComms } from '@sitrep/apps/comms';
import { loadCommsConfig } from '@sitrep/apps/comms/config';
import { startIncidentCore } from '@sitrep/apps/incident-core';
import { loadIncidentCoreConfig } from '@sitrep/apps/incident-core/config';
import { startStatusPage } from '@sitrep/apps/status-page';
import { loadStatusPageConfig } from '@sitrep/apps/status-page/config';
import { embeddedAdminToken } from './admin-token';
import { startBanner } from './banner';
import { startBundledFakes } from './bundled-fakes';
import { embeddedSecrets, privateDataDir } from './embedded-secrets';

/**
 * `npm start`: the three apps in one process. With no configuration it brings its own PostgreSQL
 * (PGlite) and an in-process bus; with DATABASE_URL and NATS_URL it uses those instead.
 */
async function main(): Promise<void> {
  // Each app reads its own configuration from the one environment; the runtime part (bus, database, data
  // folder, logs) is read alike by all three, and incident-core's copy stands for the process.
  const configs = loadOrExit(() => ({ core: loadIncidentCoreConfig(), comms: loadCommsConfig(), statusPage: loadStatusPageConfig() }));
  const config = configs.core;
  const progress = (text: string) => process.stderr.write(`sitrep: ${text}\n`);
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, { service: 'sitrep' });
  const dataDir = resolve(config.dataDir);
  privateDataDir(dataDir);
  const admin = embeddedAdminToken(dataDir, config.adminToken);
  const secrets = embeddedSecrets(dataDir);
  const fakes = await startBundledFakes({ ...configs.comms, adminToken: admin.token }, secrets);
  if (fakes.started.length > 0) progress(`outbound channels go to the bundled fakes: ${fakes.started.join('; ')}`);
  if (fakes.real.length > 0) progress(`real channels configured (${fakes.real.join(', ')}): no dev inbox`);

  let pg: EmbeddedPostgres | null = null;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    progress(`starting embedded PostgreSQL (PGlite) in ${dataDir}/pgdata …`);
    pg = await startEmbeddedPostgres(dataDir, { password: secrets.postgresPassword });
    databaseUrl = pg.url;
  }
  progress(config.natsUrl ? `connecting to NATS at ${config.natsUrl} …` : 'starting the in-process event bus …');
  const bus = createBus(config, databaseUrl, `sitrep-${config.instanceId}`, logger);
  await bus.start();

  const runtime = { databaseUrl, bus, logger, clock: systemClock, migrateOnStart: true };
  const running: RunningService[] = [];
  progress('starting incident-core (migrating its schema) …');
  running.push(await startIncidentCore({ ...runtime, config: { ...config, adminToken: admin.token }, port: config.ports.core }));
  progress('starting comms (migrating its schema) …');
  running.push(await startComms({ ...runtime, config: fakes.config, port: fakes.config.ports.comms }));
  progress('starting status-page …');
  running.push(await startStatusPage({ ...runtime, config: configs.statusPage, port: configs.statusPage.ports.statusPage }));

  const [core, comms, statusPage] = running;
  console.log(startBanner({ core: core.url, comms: comms.url, statusPage: statusPage.url, devInbox: fakes.config.comms.devInboxSources.length > 0 ? `${comms.url}/dev/inbox` : undefined }, admin));

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    progress(`${signal}: stopping …`);
    for (const service of [...running].reverse()) await service.stop().catch((error) => logger.error({ err: error, app: service.name }, 'stop failed'));
    await bus.close();
    await fakes.stop();
    await pg?.stop();
    progress('stopped');
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

main().catch((error) => {
  console.error('sitrep failed to start:', error);
  process.exit(1);
});
