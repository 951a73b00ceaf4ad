import type { DataSource } from 'typeorm';
import { migrate } from '@sitrep/persistence';

/** What a migration command reads from the environment (deployment files are checked against it). */
export const MIGRATION_VARIABLES: readonly string[] = ['DATABASE_URL'];

/** The db:migrate target of a service: applies its pending migrations to DATABASE_URL and says which. */
export async function runMigrationsCommand(app: string, schema: string, dataSourceFor: (url: string) => DataSource): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error(`${app}: DATABASE_URL is not set (embedded mode migrates at start-up; nothing to do here)`);
    process.exit(78);
  }
  try {
    console.log(`${app}: migrating schema "${schema}"…`);
    const applied = await migrate(dataSourceFor(url), schema);
    console.log(applied.length ? `${app}: applied ${applied.join(', ')}` : `${app}: already up to date`);
  } catch (error) {
    console.error(`${app}: migration failed:`, error);
    process.exit(1);
  }
}
