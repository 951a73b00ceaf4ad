import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateToken } from '@sitrep/auth';
import type { AdminTokenOrigin } from './banner';

/**
 * Embedded mode's admin token: SITREP_ADMIN_TOKEN if set, else the one kept in the data folder, else
 * a new one written there (readable by the owner only) so it survives restarts.
 */
export function embeddedAdminToken(dataDir: string, configured?: string): AdminTokenOrigin {
  if (configured) return { token: configured, origin: 'environment' };
  const file = join(dataDir, 'admin-token');
  if (existsSync(file)) return { token: readFileSync(file, 'utf8').trim(), origin: 'file', file };
  mkdirSync(dataDir, { recursive: true });
  const token = generateToken();
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return { token, origin: 'generated', file };
}
