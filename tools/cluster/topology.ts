import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { SlackFake, SmtpSink, TwilioFake } from '@sitrep/vendor-fakes';
import { Child } from './child';
import { LocalPostgres } from './local-postgres';
import { NatsCluster } from './nats-cluster';
import { freePort, waitFor } from '@sitrep/launching';
import { PublicFront } from './public-front';

const ROOT = join(__dirname, '..', '..');

export type AppName = 'incident-core' | 'comms' | 'status-page';
const APPS: readonly AppName[] = ['incident-core', 'comms', 'status-page'];
const PORT_VARIABLE: Record<AppName, string> = { 'incident-core': 'CORE_PORT', comms: 'COMMS_PORT', 'status-page': 'STATUS_PAGE_PORT' };

export interface TopologyOptions {
  /** Processes of each app (docker/compose.yaml runs two). */
  replicas?: number;
  adminToken: string;
  /** Added to every app's environment (a policy file, poll intervals, fan-out tuning). */
  appEnv?: Record<string, string>;
  /**
   * People and on-call roster (SITREP_ROSTER_FILE, JSON or YAML) for incident-core; its people with a Slack
   * member id are made members of the Slack fake's workspace, so their war-room invitations and DMs land.
   */
  rosterFile?: string;
  /** Keep every message the fakes receive (for the dev inbox); off for a large fan-out, which keeps counts only. */
  recordMessages?: boolean;
  progress?: (line: string) => void;
}

export interface Replica {
  app: AppName;
  /** incident-core-1, comms-2, … */
  name: string;
  url: string;
  child: Child;
}

export interface TopologyFakes {
  smtp: SmtpSink;
  twilio: TwilioFake;
  slack: SlackFake;
}

/**
 * docker/compose.yaml as processes on this machine: PostgreSQL, three nats-server processes forming a
 * JetStream cluster (streams with three replicas), the schema migrations run once, then `replicas`
 * processes of incident-core, comms and status-page, each app behind its public URL (a round-robin front,
 * where compose has nginx). Outbound channels go to the vendor fakes, run in this process. Used by the
 * cluster system test and by `npm run cluster`.
 */
export class Topology {
  readonly postgres: LocalPostgres;
  readonly nats: NatsCluster;
  readonly fakes: TopologyFakes;
  readonly fronts: Record<AppName, PublicFront>;
  readonly replicas: Replica[] = [];
  readonly databaseUrl: string;
  private readonly dataDir = mkdtempSync(join(tmpdir(), 'sitrep-cluster-'));
  private readonly log: (line: string) => void;

  private constructor(
    private readonly options: TopologyOptions,
    postgres: LocalPostgres,
    nats: NatsCluster,
  ) {
    this.postgres = postgres;
    this.nats = nats;
    this.databaseUrl = postgres.url('sitrep');
    const record = options.recordMessages ?? true;
    this.fakes = { smtp: new SmtpSink({ record, inboxApi: true }), twilio: new TwilioFake({ record }), slack: new SlackFake({ record, autoUsers: true }) };
    this.fronts = { 'incident-core': new PublicFront('incident-core'), comms: new PublicFront('comms'), 'status-page': new PublicFront('status-page') };
    this.log = options.progress ?? (() => undefined);
  }

  static async create(options: TopologyOptions): Promise<Topology> {
    return new Topology(options, new LocalPostgres(await freePort()), await NatsCluster.create(3));
  }

  /** The public URLs: what browsers, subscribers and operators use. */
  get urls(): { core: string; comms: string; statusPage: string } {
    return { core: this.fronts['incident-core'].url, comms: this.fronts.comms.url, statusPage: this.fronts['status-page'].url };
  }

  /** What every app and migration is given, as the compose file's x-sitrep-env. */
  get env(): Record<string, string> {
    const { smtp, twilio, slack } = this.fakes;
    return {
      DATABASE_URL: this.databaseUrl,
      NATS_URL: this.nats.servers,
      NATS_REPLICAS: String(this.nats.nodes.length),
      SITREP_NAMESPACE: 'sitrep',
      SITREP_ADMIN_TOKEN: this.options.adminToken,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      CORE_PUBLIC_URL: this.urls.core,
      COMMS_PUBLIC_URL: this.urls.comms,
      PUBLIC_URL: this.urls.statusPage,
      COMMS_CONSOLE_URL: this.urls.core,
      SMTP_URL: smtp.url,
      SMTP_FROM: 'Sitrep Status <status@sitrep.localhost>',
      TWILIO_API_URL: twilio.url,
      TWILIO_ACCOUNT_SID: twilio.accountSid,
      TWILIO_AUTH_TOKEN: twilio.authToken,
      TWILIO_FROM: '+15005550006',
      SLACK_API_URL: slack.apiUrl,
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_SIGNING_SECRET: slack.signingSecret,
      DEV_INBOX_SOURCES: [smtp.inboxUrl, twilio.inboxUrl, slack.inboxUrl].join(','),
      ...(this.options.rosterFile ? { SITREP_ROSTER_FILE: this.options.rosterFile } : {}),
      ...this.options.appEnv,
    };
  }

  async start(): Promise<void> {
    const started = Date.now();
    const step = (text: string) => this.log(`${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s  ${text}`);
    await Promise.all([this.fakes.smtp.start(), this.fakes.twilio.start(), this.fakes.slack.start()]);
    if (this.options.rosterFile) {
      const roster = parse(readFileSync(this.options.rosterFile, 'utf8')) as { people?: { name: string; email: string; slackUserId?: string }[] };
      for (const person of roster.people ?? []) if (person.slackUserId) this.fakes.slack.addUser(person.email, person.name, person.slackUserId);
    }
    for (const app of APPS) await this.fronts[app].start(await freePort());
    step(`vendor fakes: smtp ${this.fakes.smtp.url}, twilio ${this.fakes.twilio.url}, slack ${this.fakes.slack.apiUrl}`);
    await this.postgres.init();
    await this.postgres.start();
    await this.postgres.query('postgres', 'CREATE DATABASE sitrep');
    step(`PostgreSQL ${this.postgres.url('sitrep')} (data in ${this.postgres.dataDir})`);
    await this.nats.start();
    step(`NATS JetStream cluster: ${this.nats.nodes.map((n) => `${n.name} ${n.clientPort}`).join(', ')}`);
    for (const app of ['incident-core', 'comms'] as const) {
      const migration = new Child(`migrate-${app}`, process.execPath, [join(ROOT, 'tools', 'run-ts.cjs'), join(ROOT, 'apps', app, 'src', 'migrate.ts')], { cwd: ROOT, env: { ...process.env, ...this.env } }).start();
      const code = await migration.exited();
      if (code !== 0) throw new Error(`migration of ${app} failed (exit ${code}):\n${migration.output}`);
    }
    step('schemas migrated (incident-core, comms)');
    const count = this.options.replicas ?? 2;
    const starting: Promise<Replica>[] = [];
    for (const app of APPS) for (let i = 1; i <= count; i++) starting.push(this.spawn(app, `${app}-${i}`));
    const results = await Promise.allSettled(starting);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    for (const app of APPS) this.fronts[app].upstreams = this.replicas.filter((r) => r.app === app).map((r) => r.url);
    step(`${this.replicas.length} app processes ready: ${this.replicas.map((r) => `${r.name} ${r.url}`).join(', ')}`);
  }

  private async spawn(app: AppName, name: string): Promise<Replica> {
    const port = await freePort();
    const env: Record<string, string> = { ...this.env, [PORT_VARIABLE[app]]: String(port), SITREP_INSTANCE_ID: name };
    if (app === 'status-page') env.SITREP_DATA_DIR = mkdtempSync(join(this.dataDir, `${name}-`));
    const child = new Child(name, process.execPath, [join(ROOT, 'tools', 'run-ts.cjs'), join(ROOT, 'apps', app, 'src', 'main.ts')], { cwd: ROOT, env: { ...process.env, ...env } });
    const replica: Replica = { app, name, url: `http://127.0.0.1:${port}`, child };
    this.replicas.push(replica);
    child.start();
    await this.waitReady(replica);
    return replica;
  }

  async waitReady(replica: Replica, timeoutMs = 240_000): Promise<void> {
    await waitFor(async () => {
      if (!replica.child.running) throw new Error(`${replica.name} exited:\n${replica.child.output.slice(-4000)}`);
      return (await fetch(`${replica.url}/health/ready`).catch(() => null))?.status === 200;
    }, { what: `${replica.name} to be ready at ${replica.url}`, timeoutMs, intervalMs: 200 });
  }

  replica(name: string): Replica {
    const found = this.replicas.find((r) => r.name === name);
    if (!found) throw new Error(`no replica ${name}`);
    return found;
  }

  /** kill -9 of one app process. */
  async kill(name: string): Promise<void> {
    await this.replica(name).child.stop('SIGKILL');
  }

  /** Starts a stopped replica again on its own port, as compose's restart policy does. */
  async restart(name: string): Promise<void> {
    const replica = this.replica(name);
    replica.child.start();
    await this.waitReady(replica);
  }

  /** Writes the tail of every process's output (and PostgreSQL's log) to files in `dir`, for a post-mortem of a failed run. */
  keepLogs(dir: string): void {
    mkdirSync(dir, { recursive: true });
    for (const r of this.replicas) writeFileSync(join(dir, `${r.name}.log`), r.child.output);
    for (const n of this.nats.nodes) writeFileSync(join(dir, `${n.name}.log`), n.child.output);
  }

  async stop(): Promise<void> {
    // Apps first (SIGTERM drains their consumers and relay), then what they depend on.
    await Promise.all(this.replicas.map((r) => Promise.race([r.child.stop('SIGTERM'), new Promise((ok) => setTimeout(ok, 15_000))])));
    await Promise.all(this.replicas.map((r) => r.child.stop('SIGKILL')));
    await Promise.all(APPS.map((app) => this.fronts[app].stop()));
    await this.nats.stop();
    await this.postgres.stop();
    await Promise.all([this.fakes.smtp.stop(), this.fakes.twilio.stop(), this.fakes.slack.stop()]);
    this.nats.remove();
    this.postgres.remove();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
