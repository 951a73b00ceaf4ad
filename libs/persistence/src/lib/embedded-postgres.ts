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
  // Port 0 unless told: the kernel's pick is ours at once, where a port probed and released first could be
  // taken by anything else on the machine before we listen on it.
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(port ?? 0, host, () => ok());
  });
  const address = server.address();
  const listenPort = typeof address === 'object' && address ? address.port : port;
  return {
    url: `postgres://postgres:postgres@${host}:${listenPort}/postgres?sslmode=disable`,
    stop: async () => {
      for (const handler of handlers) await handler.detach(true);
      await new Promise<void>((ok) => server.close(() => ok()));
      await db.close();
    },
  };
}
