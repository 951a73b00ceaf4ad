import 'reflect-metadata';
import cluster from 'node:cluster';
import { systemClock } from '@sitrep/clock';
import { loadOrExit } from '@sitrep/config';
import { EventBus, createBus } from '@sitrep/messaging';
import { createLogger } from '@sitrep/observability';
import type { RunningService } from '@sitrep/platform';
import { startStatusPagePrimary, startStatusPageWorker } from './app/cluster/status-page-cluster';
import { startStatusPage } from './app/start-status-page';
import { loadStatusPageConfig } from './config/status-page-config';

/**
 * The status page as its own process. Unlike the other apps it needs no database, and it must come up
 * even when NATS does not answer (to serve its snapshot), so it starts the bus in the background rather
 * than waiting for it as runService does.
 */
async function main(): Promise<void> {
  const config = loadOrExit(() => loadStatusPageConfig());
  if (!config.natsUrl) {
    console.error('status-page runs on its own only in the distributed setup: set NATS_URL, or run "npm start" for the embedded all-in-one');
    process.exit(78);
  }
  const logger = createLogger(config.logLevel, { service: 'status-page' });
  const name = `status-page-${config.instanceId}`;
  let running: RunningService;
  let bus: EventBus | null = null;
  try {
    if (cluster.isWorker) {
      // Workers never connect to NATS; the bus handed to the platform module is only there for its shape.
      running = await startStatusPageWorker(config, logger, createBus(config, config.databaseUrl ?? '', `${name}-worker`, logger));
    } else {
      bus = createBus(config, config.databaseUrl ?? '', name, logger);
      const busStarted = bus.start();
      busStarted.catch(() => undefined);
      const runtime = { config, databaseUrl: config.databaseUrl ?? '', bus, logger, clock: systemClock, migrateOnStart: false, port: config.ports.statusPage };
      running =
        config.statusPageWorkers > 1
          ? await startStatusPagePrimary(runtime, { busStarted, workers: config.statusPageWorkers })
          : await startStatusPage(runtime, { busStarted });
    }
  } catch (error) {
    logger.fatal({ err: error }, 'status-page failed to start');
    process.exit(1);
  }
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    await running.stop();
    await bus?.close().catch(() => undefined);
    logger.info('stopped');
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

void main();
