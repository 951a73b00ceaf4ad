import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { waitFor } from '@sitrep/launching';

const ROOT = join(__dirname, '..', '..', '..', '..');

/** One Sitrep entry point (an app's main.ts, the embedded launcher, a migration) as a child process. */
export class ServiceProcess {
  private child: ChildProcess | null = null;
  output = '';

  constructor(
    readonly entry: string,
    readonly env: Record<string, string>,
  ) {}

  start(): this {
    this.output = '';
    this.child = spawn(process.execPath, [join(ROOT, 'tools', 'run-ts.cjs'), join(ROOT, this.entry)], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'warn', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout!.on('data', (d) => (this.output += d));
    this.child.stderr!.on('data', (d) => (this.output += d));
    return this;
  }

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Waits for the process to end by itself and returns its exit code. */
  async exited(timeoutMs = 30_000): Promise<number | null> {
    const child = this.child!;
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
    return new Promise((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`${this.entry} did not exit:\n${this.output}`)), timeoutMs);
      child.once('exit', (code) => {
        clearTimeout(timer);
        ok(code);
      });
    });
  }

  async waitReady(url: string, timeoutMs = 30_000): Promise<void> {
    await waitFor(
      async () => {
        if (!this.running) throw new Error(`${this.entry} exited:\n${this.output}`);
        const response = await fetch(`${url}/health/ready`).catch(() => null);
        return response?.status === 200;
      },
      { timeoutMs, what: `${this.entry} to be ready at ${url}`, intervalMs: 100 },
    );
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (!this.child || !this.running) return this.child?.exitCode ?? null;
    const child = this.child;
    const done = new Promise<number | null>((ok) => child.once('exit', (code) => ok(code)));
    child.kill(signal);
    return done;
  }
}
