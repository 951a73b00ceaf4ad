import { hostname } from 'node:os';
import { z } from 'zod';
import { ConfigError } from './environment';

/** What every app's process reads to run: where its bus and database are, its name, its logs. */
export const RUNTIME_VARIABLES = {
  DATABASE_URL: z.string().url().optional(),
  NATS_URL: z.string().min(1).optional(),
  SITREP_NAMESPACE: z.string().regex(/^[a-z][a-z0-9_-]*$/, 'lower-case letters, digits, - and _').default('sitrep'),
  SITREP_DATA_DIR: z.string().min(1).default('./.sitrep'),
  SITREP_INSTANCE_ID: z.string().min(1).optional(),
  /** Interface the app listens on; unset: 127.0.0.1 in embedded mode (its dev surfaces stay on this machine), 0.0.0.0 otherwise. */
  HOST: z.string().min(1).optional(),
  NATS_REPLICAS: z.coerce.number().int().min(1).max(5).default(1),
  CONSUMER_MAX_DELIVERIES: z.coerce.number().int().min(1).default(5),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
};

/** incident-core and comms: their outbox relay (off for a replica that should only serve). */
export const OUTBOX_VARIABLES = {
  OUTBOX_RELAY: z.enum(['on', 'off']).default('on'),
};

export type LogLevel = z.infer<(typeof RUNTIME_VARIABLES)['LOG_LEVEL']>;

export interface RuntimeConfig {
  /** embedded: PGlite + in-process bus in one process; distributed: real PostgreSQL and NATS. */
  mode: 'embedded' | 'distributed';
  databaseUrl?: string;
  natsUrl?: string;
  namespace: string;
  dataDir: string;
  instanceId: string;
  host: string;
  outboxRelay: boolean;
  natsReplicas: number;
  consumerMaxDeliveries: number;
  logLevel: LogLevel;
}

type RuntimeEnv = z.infer<z.ZodObject<typeof RUNTIME_VARIABLES>> & { OUTBOX_RELAY?: 'on' | 'off' };

/**
 * The runtime part of an app's configuration. An app with a database (incident-core, comms) is distributed
 * with DATABASE_URL and NATS_URL both set and embedded with neither; the status page has no database, and
 * is distributed when NATS_URL is set.
 */
export function runtimeConfig(e: RuntimeEnv, app: { database: boolean }): RuntimeConfig {
  if (app.database && Boolean(e.DATABASE_URL) !== Boolean(e.NATS_URL)) {
    throw new ConfigError('invalid configuration:\n  DATABASE_URL and NATS_URL go together: set both for the distributed setup, or neither for embedded mode');
  }
  const distributed = Boolean(e.NATS_URL);
  return {
    mode: distributed ? 'distributed' : 'embedded',
    databaseUrl: app.database ? e.DATABASE_URL : undefined,
    natsUrl: e.NATS_URL,
    namespace: e.SITREP_NAMESPACE,
    dataDir: e.SITREP_DATA_DIR,
    instanceId: e.SITREP_INSTANCE_ID ?? `${hostname()}-${process.pid}`,
    host: e.HOST ?? (distributed ? '0.0.0.0' : '127.0.0.1'),
    outboxRelay: (e.OUTBOX_RELAY ?? 'on') === 'on',
    natsReplicas: e.NATS_REPLICAS,
    consumerMaxDeliveries: e.CONSUMER_MAX_DELIVERIES,
    logLevel: e.LOG_LEVEL,
  };
}
