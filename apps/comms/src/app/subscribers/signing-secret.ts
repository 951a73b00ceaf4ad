import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';

/**
 * The HMAC key of subscription links and SMS codes: SITREP_SIGNING_SECRET when set, else one generated on
 * first start and kept in comms.settings, so that every comms process (and every restart) signs and checks
 * with the same key. The first process to insert it wins; the others read the winner's.
 */
export async function loadSigningSecret(dataSource: DataSource, configured: string | null): Promise<{ secret: string; source: 'env' | 'database' }> {
  if (configured) return { secret: configured, source: 'env' };
  await dataSource.query(`INSERT INTO comms.settings (key, value) VALUES ('signing_secret', $1) ON CONFLICT (key) DO NOTHING`, [randomBytes(48).toString('base64url')]);
  const rows: { value: string }[] = await dataSource.query(`SELECT value FROM comms.settings WHERE key = 'signing_secret'`);
  return { secret: rows[0].value, source: 'database' };
}
