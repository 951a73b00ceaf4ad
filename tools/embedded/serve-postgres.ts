import { resolve } from 'node:path';
import { loadConfigOrExit } from '@sitrep/config';
import { startEmbeddedPostgres } from '@sitrep/persistence';
import { SECRETS_FILE, embeddedSecrets, privateDataDir } from './embedded-secrets';

/**
 * The embedded PostgreSQL of a data folder on its own, for psql or a backup while Sitrep is stopped:
 *
 *   SITREP_DATA_DIR=./.sitrep node tools/run-ts.cjs tools/embedded/serve-postgres.ts
 *
 * It asks for the same generated password as under `npm start` (in SITREP_DATA_DIR/secrets.json).
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const dataDir = resolve(config.dataDir);
  privateDataDir(dataDir);
  const secrets = embeddedSecrets(dataDir);
  const pg = await startEmbeddedPostgres(dataDir, { password: secrets.postgresPassword });
  const url = new URL(pg.url);
  url.password = '';
  console.log(`embedded PostgreSQL ready at ${url.toString()}`);
  console.log(`password: postgresPassword in ${resolve(dataDir, SECRETS_FILE)}`);
  const stop = async () => {
    await pg.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
