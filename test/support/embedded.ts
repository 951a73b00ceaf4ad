import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ServiceProcess, freePort, waitFor } from '@sitrep/testing';

/** `npm start` (tools/embedded/start.ts) as a child process, for the system specs of embedded mode. */
export interface EmbeddedPorts {
  core: number;
  comms: number;
  statusPage: number;
}

export const localUrl = (port: number) => `http://127.0.0.1:${port}`;

export const embeddedPorts = async (): Promise<EmbeddedPorts> => ({ core: await freePort(), comms: await freePort(), statusPage: await freePort() });

/** The admin token the launcher made and keeps in its data folder. */
export const embeddedAdminToken = (dataDir: string) => readFileSync(join(dataDir, 'admin-token'), 'utf8').trim();

/**
 * Starts it with no DATABASE_URL, no NATS_URL and no token (everything comes from the launcher), and
 * returns the child at once, so that a spec holds it (and can kill it) even if it never gets ready.
 */
export function startEmbedded(dataDir: string, ports: EmbeddedPorts, env: Record<string, string> = {}): ServiceProcess {
  return new ServiceProcess('tools/embedded/start.ts', {
    SITREP_DATA_DIR: dataDir,
    CORE_PORT: String(ports.core),
    COMMS_PORT: String(ports.comms),
    STATUS_PAGE_PORT: String(ports.statusPage),
    DATABASE_URL: '',
    NATS_URL: '',
    SITREP_ADMIN_TOKEN: '',
    ...env,
  }).start();
}

/** Every app ready and the banner printed (its admin token line is the last the specs look for). */
export async function embeddedReady(sitrep: ServiceProcess, ports: EmbeddedPorts, timeoutMs = 180_000): Promise<void> {
  // Generous by default: on a shared two-core machine under load the embedded start has taken 100 s.
  for (const port of Object.values(ports)) await sitrep.waitReady(localUrl(port), timeoutMs);
  await waitFor(() => sitrep.output.includes('admin token'), { what: 'the banner' });
}
