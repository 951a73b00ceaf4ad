import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { ServiceProcess, waitFor } from '@sitrep/testing';

/**
 * The embedded PostgreSQL (PGlite behind pglite-socket) asks for the password generated for its data folder,
 * as a real server does; the folder and the secrets file are the owner's only.
 */
describe('embedded PostgreSQL: a password per data folder', () => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'sitrep-pg-auth-')), 'data');
  let server: ServiceProcess;
  let port: number;
  let password: string;

  beforeAll(async () => {
    server = new ServiceProcess('tools/embedded/serve-postgres.ts', { SITREP_DATA_DIR: dataDir, DATABASE_URL: '', NATS_URL: '' }).start();
    const ready = await waitFor(() => /embedded PostgreSQL ready at (\S+)/.exec(server.output), { what: 'the embedded PostgreSQL', timeoutMs: 100_000 });
    port = Number(new URL(ready[1]).port);
    password = (JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8')) as { postgresPassword: string }).postgresPassword;
  }, 120_000);

  afterAll(async () => {
    await server?.stop('SIGKILL');
  });

  const connect = async (user: string, secret: string) => {
    const client = new Client({ host: '127.0.0.1', port, user, password: secret, database: 'postgres' });
    client.on('error', () => undefined);
    try {
      await client.connect();
      return client;
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
  };

  it('keeps a generated password in a file only the owner may read, in a folder only the owner may enter', () => {
    expect(password.length).toBeGreaterThanOrEqual(24);
    expect(statSync(join(dataDir, 'secrets.json')).mode & 0o777).toBe(0o600);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dataDir, 'pgdata')).mode & 0o777).toBe(0o700);
  });

  it('refuses a wrong password, and another user, with 28P01', async () => {
    await expect(connect('postgres', 'postgres')).rejects.toMatchObject({ code: '28P01', message: 'password authentication failed for user "postgres"' });
    await expect(connect('postgres', `${password}x`)).rejects.toMatchObject({ code: '28P01' });
    await expect(connect('admin', password)).rejects.toMatchObject({ code: '28P01' });
  });

  it('lets the right password in, and stays usable after refusals', async () => {
    const client = await connect('postgres', password);
    expect((await client.query<{ n: number }>('SELECT 1 + 1 AS n')).rows).toEqual([{ n: 2 }]);
    await expect(connect('postgres', 'wrong-password-0000000000')).rejects.toMatchObject({ code: '28P01' });
    expect((await client.query<{ user: string }>('SELECT current_user AS user')).rows).toEqual([{ user: 'postgres' }]);
    await client.end();
  });
});
