import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '@sitrep/launching';

const NATS_SERVER = process.env.NATS_SERVER_BIN ?? '/usr/sbin/nats-server';

function portOpen(port: number): Promise<boolean> {
  return new Promise((ok) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      ok(true);
    });
    socket.once('error', () => ok(false));
  });
}

/**
 * A private nats-server with JetStream on its own port and store, which a failure test may stop and
 * start again without disturbing the shared one.
 */
export class PrivateNatsServer {
  private process: ChildProcess | null = null;
  readonly storeDir = mkdtempSync(join(tmpdir(), 'sitrep-nats-'));

  constructor(readonly port: number) {}

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.process = spawn(NATS_SERVER, ['-a', '127.0.0.1', '-p', String(this.port), '-js', '-sd', this.storeDir], { stdio: 'ignore' });
    await waitFor(() => portOpen(this.port), { what: `nats-server on ${this.port}`, timeoutMs: 10_000 });
  }

  async stop(): Promise<void> {
    const p = this.process;
    if (!p || p.exitCode !== null) return;
    const exited = new Promise((ok) => p.once('exit', ok));
    p.kill('SIGTERM');
    await exited;
    this.process = null;
    await waitFor(async () => !(await portOpen(this.port)), { what: `nats-server on ${this.port} to stop` });
  }
}
