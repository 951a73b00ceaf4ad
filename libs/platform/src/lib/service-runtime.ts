import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { Clock } from '@sitrep/clock';
import type { RuntimeConfig } from '@sitrep/config';
import type { EventBus } from '@sitrep/messaging';
import { SqlTokenStore } from '@sitrep/auth';

/** What a launcher hands an app: the same shape whether the app runs alone or beside the others. */
export interface ServiceRuntime<C extends RuntimeConfig = RuntimeConfig> {
  /** The app's own configuration (apps/<app>/src/config), read from the environment at boot. */
  config: C;
  databaseUrl: string;
  /** Started by the launcher; in embedded mode one bus is shared by the three apps. */
  bus: EventBus;
  logger: Logger;
  clock: Clock;
  /** Embedded mode migrates at start-up; the distributed setup runs the db:migrate target instead. */
  migrateOnStart: boolean;
  /** Port to listen on (0 picks a free one). */
  port: number;
}

export interface RunningService {
  name: string;
  url: string;
  /** Drains consumers and the relay, closes HTTP, the database and (if owned) the bus. */
  stop(): Promise<void>;
}

/** Token store on the service's own table, with the configured admin token seeded (and a replaced one revoked). */
export async function tokenStoreFor(dataSource: DataSource, schema: string, adminToken?: string): Promise<SqlTokenStore> {
  const store = new SqlTokenStore((sql, params) => dataSource.query(sql, params), schema);
  if (adminToken) await store.rotateConfiguredAdmin(adminToken);
  return store;
}

/** Refuses to start on a database whose migrations have not been run. */
export async function assertMigrated(dataSource: DataSource, app: string): Promise<void> {
  if (await dataSource.showMigrations()) {
    throw new Error(`${app}: the database has pending migrations; run "npx nx run ${app}:db:migrate" (or npm run db:migrate) first`);
  }
}
