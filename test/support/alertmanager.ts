import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor } from '@sitrep/testing';

/** Debian's prometheus-alertmanager (.ci/run installs it). */
export const ALERTMANAGER_BINARY = process.env.ALERTMANAGER_BINARY ?? '/usr/bin/prometheus-alertmanager';
export const AMTOOL_BINARY = process.env.AMTOOL_BINARY ?? '/usr/bin/amtool';

export interface InjectedAlert {
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  /** Set in the past to resolve the alert. */
  endsAt?: string;
}

/**
 * A real Alertmanager as a child process: clustering off, its own storage directory, and one webhook
 * receiver pointing at Sitrep with the integration's bearer token. Timings are short so a test sees a
 * notification about a second after it injects an alert.
 */
export class AlertmanagerProcess {
  private child: ChildProcess | null = null;
  private dir = '';
  output = '';
  url = '';

  constructor(private readonly webhook: { url: string; token: string }) {}

  config(): string {
    return [
      'route:',
      '  receiver: sitrep',
      "  group_by: ['alertname', 'service']",
      '  group_wait: 1s',
      '  group_interval: 1s',
      '  repeat_interval: 1h',
      'receivers:',
      '  - name: sitrep',
      '    webhook_configs:',
      `      - url: ${JSON.stringify(this.webhook.url)}`,
      '        send_resolved: true',
      '        http_config:',
      '          authorization:',
      '            type: Bearer',
      `            credentials: ${JSON.stringify(this.webhook.token)}`,
      '',
    ].join('\n');
  }

  async start(): Promise<this> {
    this.dir = mkdtempSync(join(tmpdir(), 'sitrep-alertmanager-'));
    writeFileSync(join(this.dir, 'alertmanager.yml'), this.config());
    const port = await freePort();
    this.url = `http://127.0.0.1:${port}`;
    this.child = spawn(
      ALERTMANAGER_BINARY,
      [`--config.file=${join(this.dir, 'alertmanager.yml')}`, `--storage.path=${join(this.dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address=', '--log.level=warn'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.child.stdout!.on('data', (d) => (this.output += d));
    this.child.stderr!.on('data', (d) => (this.output += d));
    await waitFor(
      async () => {
        if (this.child?.exitCode !== null) throw new Error(`alertmanager exited:\n${this.output}`);
        return (await fetch(`${this.url}/-/ready`).catch(() => null))?.status === 200;
      },
      { what: 'alertmanager to be ready', timeoutMs: 20_000, intervalMs: 100 },
    );
    return this;
  }

  /** POST /api/v2/alerts, as Prometheus does. */
  async inject(alerts: InjectedAlert[]): Promise<void> {
    const response = await fetch(`${this.url}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(alerts.map((a) => ({ labels: a.labels, annotations: a.annotations ?? {}, generatorURL: 'http://prometheus.example.test/graph', ...(a.endsAt ? { endsAt: a.endsAt } : {}) }))),
    });
    if (response.status !== 200) throw new Error(`alertmanager refused the alerts: ${response.status} ${await response.text()}`);
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((ok) => child.once('exit', ok));
      child.kill('SIGTERM');
      await exited;
    }
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }
}
