import { hostname } from 'node:os';
import { z } from 'zod';

const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

/** Every environment variable Sitrep reads, with its default. The README's configuration table mirrors this. */
const envSchema = z.object({
  DATABASE_URL: z.string().url().optional(),
  NATS_URL: z.string().min(1).optional(),
  SITREP_NAMESPACE: z.string().regex(/^[a-z][a-z0-9_-]*$/, 'lower-case letters, digits, - and _').default('sitrep'),
  SITREP_DATA_DIR: z.string().min(1).default('./.sitrep'),
  SITREP_ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  SITREP_INSTANCE_ID: z.string().min(1).optional(),
  CORE_PORT: port(3000),
  COMMS_PORT: port(3001),
  STATUS_PAGE_PORT: port(3002),
  HOST: z.string().default('0.0.0.0'),
  PUBLIC_URL: z.string().url().optional(),
  STATUS_PAGE_NAME: z.string().min(1).default('Sitrep Status'),
  OUTBOX_RELAY: z.enum(['on', 'off']).default('on'),
  NATS_REPLICAS: z.coerce.number().int().min(1).max(5).default(1),
  CONSUMER_MAX_DELIVERIES: z.coerce.number().int().min(1).default(5),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SITREP_ROSTER_FILE: z.string().min(1).optional(),
  SITREP_POLICY_FILE: z.string().min(1).optional(),
  SITREP_NORMAL_TICKETS_PER_HOUR: z.coerce.number().positive().default(20),
  SITREP_CUSTOMER_BASE_TOTAL: z.coerce.number().int().positive().optional(),
  DEADLINE_POLL_MS: z.coerce.number().int().min(10).default(1000),
});

export interface SitrepConfig {
  /** embedded: PGlite + in-process bus in one process; distributed: real PostgreSQL and NATS. */
  mode: 'embedded' | 'distributed';
  databaseUrl?: string;
  natsUrl?: string;
  namespace: string;
  dataDir: string;
  adminToken?: string;
  instanceId: string;
  host: string;
  ports: { core: number; comms: number; statusPage: number };
  publicUrl?: string;
  statusPageName: string;
  outboxRelay: boolean;
  natsReplicas: number;
  consumerMaxDeliveries: number;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  /** JSON or YAML file of people and escalation contacts that incident-core loads at start-up. */
  rosterFile?: string;
  /** JSON or YAML overriding the seed's clocks and thresholds (see docs/process.md). */
  policyFile?: string;
  normalTicketsPerHour: number;
  customerBaseTotal: number | null;
  /** How often incident-core looks for clocks to fire. */
  deadlinePollMs: number;
}

export class ConfigError extends Error {}

/** Reads and validates the environment once, at boot; the rest of the code trusts the typed result. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): SitrepConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (Boolean(e.DATABASE_URL) !== Boolean(e.NATS_URL)) {
    throw new ConfigError(
      'invalid configuration:\n  DATABASE_URL and NATS_URL go together: set both for the distributed setup, or neither for embedded mode',
    );
  }
  return {
    mode: e.DATABASE_URL ? 'distributed' : 'embedded',
    databaseUrl: e.DATABASE_URL,
    natsUrl: e.NATS_URL,
    namespace: e.SITREP_NAMESPACE,
    dataDir: e.SITREP_DATA_DIR,
    adminToken: e.SITREP_ADMIN_TOKEN,
    instanceId: e.SITREP_INSTANCE_ID ?? `${hostname()}-${process.pid}`,
    host: e.HOST,
    ports: { core: e.CORE_PORT, comms: e.COMMS_PORT, statusPage: e.STATUS_PAGE_PORT },
    publicUrl: e.PUBLIC_URL,
    statusPageName: e.STATUS_PAGE_NAME,
    outboxRelay: e.OUTBOX_RELAY === 'on',
    natsReplicas: e.NATS_REPLICAS,
    consumerMaxDeliveries: e.CONSUMER_MAX_DELIVERIES,
    logLevel: e.LOG_LEVEL,
    rosterFile: e.SITREP_ROSTER_FILE,
    policyFile: e.SITREP_POLICY_FILE,
    normalTicketsPerHour: e.SITREP_NORMAL_TICKETS_PER_HOUR,
    customerBaseTotal: e.SITREP_CUSTOMER_BASE_TOTAL ?? null,
    deadlinePollMs: e.DEADLINE_POLL_MS,
  };
}
