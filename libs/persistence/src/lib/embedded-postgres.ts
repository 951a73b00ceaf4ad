import { mkdirSync } from 'node:fs';
import { Server, createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketHandler } from '@electric-sql/pglite-socket';
import { SessionQueue } from './session-queue';

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
 * pglite-socket's handler frames the protocol; our SessionQueue decides whose message runs next (see
 * there why its own queue is not enough). Connections share one session: a transaction on one makes the
 * others wait, so callers must never hold a transaction open while awaiting work on another connection.
 */
export async function startEmbeddedPostgres(dataDir: string, port?: number): Promise<EmbeddedPostgres> {
  const directory = resolve(join(dataDir, 'pgdata'));
  mkdirSync(directory, { recursive: true });
  const db = await PGlite.create(directory);
  const host = '127.0.0.1';
  const listenPort = port ?? (await freePort(host));
  const queue = new SessionQueue(db);
  const handlers = new Set<PGLiteSocketHandler>();
  const server: Server = createServer((socket) => {
    // The handler only calls enqueue, clearQueueForHandler and clearTransactionIfNeeded on its queue.
    const handler = new PGLiteSocketHandler({ queryQueue: queue as unknown as ConstructorParameters<typeof PGLiteSocketHandler>[0]['queryQueue'], closeOnDetach: true });
    handlers.add(handler);
    const forget = () => handlers.delete(handler);
    handler.addEventListener('close', forget);
    handler.addEventListener('error', forget);
    void handler.attach(socket).catch(() => socket.destroy());
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(listenPort, host, () => ok());
  });
  return {
    url: `postgres://postgres:postgres@${host}:${listenPort}/postgres?sslmode=disable`,
    stop: async () => {
      for (const handler of handlers) await handler.detach(true);
      await new Promise<void>((ok) => server.close(() => ok()));
      await db.close();
    },
  };
}
