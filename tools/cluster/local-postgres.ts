import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { waitFor } from '@sitrep/launching';

/** Debian installs each major version's server binaries here; the newest one is used. */
function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))) : [];
  if (versions.length === 0) throw new Error('no PostgreSQL server found under /usr/lib/postgresql (apt-get install postgresql)');
  return join(root, versions.sort((a, b) => Number(b) - Number(a))[0], 'bin');
}

/**
 * A PostgreSQL server of the topology's own, in a temporary directory on a free port: it can be restarted
 * without touching the machine's shared server. PostgreSQL refuses to run as root, so as root the cluster
 * belongs to the `postgres` system user (Debian's package creates it) and pg_ctl runs through runuser.
 */
export class LocalPostgres {
  readonly dir = mkdtempSync(join(tmpdir(), 'sitrep-pg-'));
  private readonly bin = binDir();
  private readonly asRoot = userInfo().uid === 0;

  constructor(readonly port: number) {}

  get dataDir(): string {
    return join(this.dir, 'data');
  }

  url(database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  /**
   * Never synchronous: the vendor fakes share this process's event loop. Every pg_ctl call names the log
   * file, or the server it starts would hold pg_ctl's output pipe open and the call would never end.
   */
  private async run(tool: string, args: string[]): Promise<string> {
    const command = join(this.bin, tool);
    const [file, argv] = this.asRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
    return (await promisify(execFile)(file, argv, { encoding: 'utf8', cwd: this.dir })).stdout;
  }

  private get log(): string {
    return join(this.dir, 'server.log');
  }

  async init(): Promise<void> {
    if (this.asRoot) {
      const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
      chownSync(this.dir, id('-u'), id('-g'));
    }
    // Trust on loopback only, like the test server; no fsync: a throw-away cluster need not survive a power cut.
    await this.run('initdb', ['-D', this.dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync']);
  }

  async start(): Promise<void> {
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c full_page_writes=off`;
    await this.run('pg_ctl', ['-D', this.dataDir, '-l', this.log, '-o', options, '-w', '-t', '60', 'start']);
    await this.ready();
  }

  /** pg_ctl restart -m fast: every session is cut, the server shuts down cleanly and comes back on the same port. */
  async restart(): Promise<void> {
    await this.run('pg_ctl', ['-D', this.dataDir, '-l', this.log, '-m', 'fast', '-w', '-t', '60', 'restart']);
    await this.ready();
  }

  async stop(): Promise<void> {
    if (!existsSync(join(this.dataDir, 'postmaster.pid'))) return;
    try {
      await this.run('pg_ctl', ['-D', this.dataDir, '-m', 'immediate', '-w', 'stop']);
    } catch {
      // already stopped
    }
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  async query<T = Record<string, unknown>>(database: string, sql: string, params: unknown[] = []): Promise<T[]> {
    const client = new Client({ connectionString: this.url(database) });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  private async ready(): Promise<void> {
    await waitFor(async () => (await this.query('postgres', 'SELECT 1 AS ok')).length === 1, { what: `PostgreSQL on ${this.port}`, timeoutMs: 30_000, intervalMs: 200 });
  }
}
