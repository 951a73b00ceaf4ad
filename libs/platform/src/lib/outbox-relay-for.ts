import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { OutboxRelay } from '@sitrep/messaging';
import type { AppMetrics } from '@sitrep/observability';
import type { ServiceRuntime } from './service-runtime';

/**
 * A service's outbox relay as its configuration wants it: none when OUTBOX_RELAY=off (another process
 * publishes), LISTEN/NOTIFY wake-ups only on a real PostgreSQL (PGlite cannot deliver them across
 * connections), and its backlog on /metrics.
 */
export function outboxRelayFor(runtime: ServiceRuntime, dataSource: DataSource, schema: string, logger: Logger, metrics: AppMetrics): OutboxRelay | null {
  if (!runtime.config.outboxRelay) return null;
  const relay = new OutboxRelay({
    dataSource,
    schema,
    bus: runtime.bus,
    logger: logger.child({ component: 'outbox-relay' }),
    metrics,
    listenUrl: runtime.config.mode === 'distributed' ? runtime.databaseUrl : undefined,
  });
  metrics.measureOutboxBacklog(() => relay.backlog());
  return relay;
}
