import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

async function freePort(host: string): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? ok(address.port) : fail(new Error('no port'))));
    });
  });
}

/**
 * PGlite, served over the PostgreSQL wire protocol so `pg` and TypeORM use it unchanged.
 * Its connections share one session: a transaction on one makes the others wait, so callers must never
 * hold a transaction open while awaiting work done on another connection.
 */
export async function startEmbeddedPostgres(dataDir: string, port?: number): Promise<EmbeddedPostgres> {
  const directory = resolve(join(dataDir, 'pgdata'));
  mkdirSync(directory, { recursive: true });
  const db = await PGlite.create(directory);
  const host = '127.0.0.1';
  const listenPort = port ?? (await freePort(host));
  const server = new PGLiteSocketServer({ db, host, port: listenPort, maxConnections: 64 });
  await server.start();
  return {
    url: `postgres://postgres:postgres@${host}:${listenPort}/postgres?sslmode=disable`,
    stop: async () => {
      await server.stop();
      await db.close();
    },
  };
}
