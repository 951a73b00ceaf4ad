import type { Logger } from 'pino';
import type { RuntimeConfig } from '@sitrep/config';
import { EventBus } from './event-bus';
import { InProcessBus } from './in-process-bus';
import { JetStreamBus } from './jetstream-bus';

/** Picks the bus from configuration: JetStream when NATS_URL is set, otherwise the embedded one. */
export function createBus(config: RuntimeConfig, databaseUrl: string, name: string, logger: Logger): EventBus {
  if (config.natsUrl) {
    return new JetStreamBus({ servers: config.natsUrl, namespace: config.namespace, replicas: config.natsReplicas, name, logger });
  }
  return new InProcessBus({ databaseUrl, logger });
}
