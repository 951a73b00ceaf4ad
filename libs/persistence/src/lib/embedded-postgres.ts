import { chmodSync, mkdirSync } from 'node:fs';
import { Server, Socket, createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketHandler } from '@electric-sql/pglite-socket';
import { PasswordGate } from './password-gate';
import { SessionQueue } from './session-queue';

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Required of every connection (PasswordGate); embedded mode generates one per data folder. */
  password: string;
  port?: number;
}

export const EMBEDDED_POSTGRES_USER = 'postgres';

/**
 * PGlite, served over the PostgreSQL wire protocol so `pg` and TypeORM use it unchanged.
 * pglite-socket's handler frames the protocol; PasswordGate asks each connection for the password, and our
 * SessionQueue decides whose message runs next (see there why its own queue is not enough). Connections
 * share one session: a transaction on one makes the others wait, so callers must never hold a transaction
 * open while awaiting work on another connection. The files are the owner's only (folder mode 0700).
 */
export async function startEmbeddedPostgres(dataDir: string, options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  if (options.password.length < 16) throw new Error('the embedded PostgreSQL needs a password of at least 16 characters');
  const directory = resolve(join(dataDir, 'pgdata'));
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  chmodSync(directory, 0o700);
  const db = await PGlite.create(directory);
  const host = '127.0.0.1';
  const sockets = new Map<number, Socket>();
  const queue = new PasswordGate(new SessionQueue(db), { user: EMBEDDED_POSTGRES_USER, password: options.password }, (handlerId) => sockets.get(handlerId)?.end());
  const handlers = new Set<PGLiteSocketHandler>();
  const server: Server = createServer((socket) => {
    // The handler only calls enqueue, clearQueueForHandler and clearTransactionIfNeeded on its queue.
    const handler = new PGLiteSocketHandler({ queryQueue: queue as unknown as ConstructorParameters<typeof PGLiteSocketHandler>[0]['queryQueue'], closeOnDetach: true });
    handlers.add(handler);
    sockets.set(handler.handlerId, socket);
    const forget = () => {
      handlers.delete(handler);
      sockets.delete(handler.handlerId);
    };
    handler.addEventListener('close', forget);
    handler.addEventListener('error', forget);
    void handler.attach(socket).catch(() => socket.destroy());
  });
  // Port 0 unless told: the kernel's pick is ours at once, where a port probed and released first could be
  // taken by anything else on the machine before we listen on it.
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, host, () => ok());
  });
  const address = server.address();
  const listenPort = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `postgres://${EMBEDDED_POSTGRES_USER}:${encodeURIComponent(options.password)}@${host}:${listenPort}/postgres?sslmode=disable`,
    stop: async () => {
      for (const handler of handlers) await handler.detach(true);
      await new Promise<void>((ok) => server.close(() => ok()));
      await db.close();
    },
  };
}
