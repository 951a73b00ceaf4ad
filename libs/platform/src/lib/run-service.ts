import { systemClock } from '@sitrep/clock';
import { RuntimeConfig, loadOrExit } from '@sitrep/config';
import { createBus } from '@sitrep/messaging';
import { createLogger } from '@sitrep/observability';
import { RunningService, ServiceRuntime } from './service-runtime';

/**
 * Entry point of one app as its own process (the distributed setup): configuration, bus, the app, and
 * a graceful stop on SIGTERM (consumers and relay drained before exit).
 */
export async function runService<C extends RuntimeConfig>(
  name: string,
  loadConfig: () => C,
  portOf: (config: C) => number,
  start: (runtime: ServiceRuntime<C>) => Promise<RunningService>,
): Promise<void> {
  const config = loadOrExit(loadConfig);
  if (config.mode !== 'distributed' || !config.databaseUrl) {
    console.error(`${name} runs on its own only in the distributed setup: set DATABASE_URL and NATS_URL (or run "npm start" for the embedded all-in-one)`);
    process.exit(78);
  }
  const logger = createLogger(config.logLevel, { service: name });
  const bus = createBus(config, config.databaseUrl, `${name}-${config.instanceId}`, logger);
  // Signals are taken from the first moment: a SIGTERM during start-up waits for the start, then drains.
  let starting: Promise<RunningService | null> = Promise.resolve(null);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    const running = await starting.catch(() => null);
    await running?.stop();
    await bus.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
  try {
    starting = (async () => {
      await bus.start();
      return start({ config, databaseUrl: config.databaseUrl!, bus, logger, clock: systemClock, migrateOnStart: false, port: portOf(config) });
    })();
    await starting;
  } catch (error) {
    logger.fatal({ err: error }, `${name} failed to start`);
    process.exit(1);
  }
}
