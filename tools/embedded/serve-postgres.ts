import { resolve } from 'node:path';
import { RUNTIME_VARIABLES, loadOrExit, readEnvironment } from '@sitrep/config';
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
  const { SITREP_DATA_DIR } = loadOrExit(() => readEnvironment(RUNTIME_VARIABLES, process.env));
  const dataDir = resolve(SITREP_DATA_DIR);
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
