import { ServiceProcess, TestDatabase, createTestDatabase, freePort, testNamespace } from '@sitrep/testing';

export const ADMIN_TOKEN = 'system-test-admin-token-0123456789';

export interface Cluster {
  db: TestDatabase;
  namespace: string;
  env: Record<string, string>;
  urls: { core: string; comms: string; statusPage: string };
  core: ServiceProcess;
  comms: ServiceProcess;
  statusPage: ServiceProcess;
  /** Another process of an app on a port of its own (a replica, or a restarted instance). */
  spawn(app: 'incident-core' | 'comms' | 'status-page', env?: Record<string, string>): Promise<{ process: ServiceProcess; url: string }>;
  stop(): Promise<void>;
}

const PORT_VAR = { 'incident-core': 'CORE_PORT', comms: 'COMMS_PORT', 'status-page': 'STATUS_PAGE_PORT' } as const;

/** Migrates a fresh database, then runs each app as its own process against real PostgreSQL and NATS. */
export async function startDistributedCluster(natsUrl: string, extraEnv: Record<string, string> = {}, coreEnv: Record<string, string> = {}): Promise<Cluster> {
  const db = await createTestDatabase();
  const namespace = testNamespace();
  const env = { DATABASE_URL: db.url, NATS_URL: natsUrl, SITREP_NAMESPACE: namespace, SITREP_ADMIN_TOKEN: ADMIN_TOKEN, ...extraEnv };
  for (const app of ['incident-core', 'comms']) {
    const migration = new ServiceProcess(`apps/${app}/src/migrate.ts`, env).start();
    const code = await migration.exited(60_000);
    if (code !== 0) throw new Error(`migration of ${app} failed:\n${migration.output}`);
  }
  const processes: ServiceProcess[] = [];
  const spawnApp = async (app: keyof typeof PORT_VAR, more: Record<string, string> = {}) => {
    const port = await freePort();
    const process = new ServiceProcess(`apps/${app}/src/main.ts`, {
      ...env,
      [PORT_VAR[app]]: String(port),
      SITREP_INSTANCE_ID: `${app}-${port}`,
      ...more,
    }).start();
    processes.push(process);
    const url = `http://127.0.0.1:${port}`;
    // Generous: on a shared two-core machine, three apps compiling on start can take well over 30 s.
    await process.waitReady(url, 180_000);
    return { process, url };
  };
  const started = await Promise.allSettled([spawnApp('incident-core', coreEnv), spawnApp('comms'), spawnApp('status-page')]);
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    // Leave nothing running behind a failed start, or jest waits on the orphans forever.
    await Promise.all(processes.map((p) => p.stop('SIGKILL')));
    await db.drop();
    throw failed.reason;
  }
  const [core, comms, statusPage] = started.map((s) => (s as PromiseFulfilledResult<{ process: ServiceProcess; url: string }>).value);
  return {
    db,
    namespace,
    env,
    urls: { core: core.url, comms: comms.url, statusPage: statusPage.url },
    core: core.process,
    comms: comms.process,
    statusPage: statusPage.process,
    spawn: spawnApp,
    stop: async () => {
      await Promise.all(processes.map((p) => p.stop('SIGKILL')));
      await db.drop();
    },
  };
}
