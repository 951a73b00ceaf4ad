/**
 * The public status page under load, next to nginx serving the very same bytes from disk.
 *
 * Starts a status-page process (distributed mode, on the local NATS) with a realistic model (20
 * components, 3 active incidents with updates, 90 days of history), copies the bytes of `/` and
 * `/api/v2/summary.json` into a temporary directory served by nginx on a free port, and loads each with
 * wrk at 100 and 1,000 connections.
 *
 *   npm run bench:status-page                       (BENCH_SECONDS=5, BENCH_WORKERS=2)
 *   BENCH_WORKERS=1 BENCH_SECONDS=10 npm run bench:status-page
 */
import { ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServiceProcess, TEST_NATS_URL, freePort, testNamespace, waitFor } from '@sitrep/testing';
import { StatusPageEvents, realisticStatusPage } from '../../test/support/status-page-events';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 2);
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? '100,1000').split(',').map(Number);
const log = (text: string) => process.stderr.write(`${text}\n`);

interface WrkResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: string;
}

function toMs(value: string): number {
  const m = /^([\d.]+)(us|ms|s|m)$/.exec(value.trim());
  if (!m) return Number.NaN;
  const n = Number(m[1]);
  return m[2] === 'us' ? n / 1000 : m[2] === 'ms' ? n : m[2] === 's' ? n * 1000 : n * 60_000;
}

function run(command: string, args: string[]): Promise<string> {
  return new Promise((ok, fail) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.once('error', fail);
    child.once('exit', (code) => (code === 0 ? ok(out) : fail(new Error(`${command} ${args.join(' ')} exited ${code}:\n${out}`))));
  });
}

async function wrk(url: string, connections: number, seconds: number): Promise<WrkResult> {
  const out = await run('wrk', ['-t2', `-c${connections}`, `-d${seconds}s`, '--latency', '--timeout', '5s', url]);
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
  const p50 = toMs(/^\s+50%\s+(\S+)/m.exec(out)?.[1] ?? '');
  const p99 = toMs(/^\s+99%\s+(\S+)/m.exec(out)?.[1] ?? '');
  const socket = /Socket errors: (.*)/.exec(out)?.[1];
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1];
  return { requestsPerSecond: rps, p50Ms: p50, p99Ms: p99, errors: [socket ? `socket errors: ${socket}` : '', non2xx ? `non-2xx: ${non2xx}` : ''].filter(Boolean).join('; ') };
}

function nginxConf(root: string, port: number): string {
  return `
worker_processes auto;
worker_rlimit_nofile 20000;
daemon off;
pid ${root}/nginx.pid;
error_log ${root}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${root}/body; proxy_temp_path ${root}/proxy; fastcgi_temp_path ${root}/fastcgi; uwsgi_temp_path ${root}/uwsgi; scgi_temp_path ${root}/scgi;
  sendfile on; tcp_nopush on; keepalive_requests 1000000; keepalive_timeout 65;
  server {
    listen 127.0.0.1:${port};
    root ${root}/site;
    location = / { default_type text/html; try_files /index.html =404; }
    location = /api/v2/summary.json { default_type application/json; }
  }
}
`;
}

async function main(): Promise<void> {
  const namespace = testNamespace('bench');
  const dir = mkdtempSync(join(tmpdir(), 'sitrep-bench-status-page-'));
  // nginx's workers drop root for an unprivileged user, who must be able to read the copied bytes.
  chmodSync(dir, 0o755);
  const port = await freePort();
  const page = new ServiceProcess('apps/status-page/src/main.ts', {
    NATS_URL: TEST_NATS_URL,
    // The status page opens no database connection; the variable only satisfies the distributed setup's configuration.
    DATABASE_URL: 'postgres://unused@127.0.0.1:1/unused',
    SITREP_NAMESPACE: namespace,
    SITREP_DATA_DIR: dir,
    STATUS_PAGE_PORT: String(port),
    STATUS_PAGE_WORKERS: String(WORKERS),
    STATUS_PAGE_SNAPSHOT: 'off',
    PUBLIC_URL: 'https://status.example.com',
  }).start();
  let nginx: ChildProcess | null = null;
  const events = await StatusPageEvents.connect(TEST_NATS_URL, namespace);
  try {
    const base = `http://127.0.0.1:${port}`;
    await page.waitReady(base);
    const world = realisticStatusPage(new Date());
    for (const event of world.events) await events.publish(event);
    await waitFor(
      async () => {
        const summary = (await (await fetch(`${base}/api/v2/summary.json`)).json()) as { incidents: unknown[]; components: unknown[] };
        return summary.incidents.length === 3 && summary.components.length === 24;
      },
      { what: 'the realistic model on the page', timeoutMs: 20_000 },
    );
    // Every worker holds the same bytes; give the slowest a moment to receive them.
    await new Promise((ok) => setTimeout(ok, 500));

    const html = Buffer.from(await (await fetch(`${base}/`)).arrayBuffer());
    const summary = Buffer.from(await (await fetch(`${base}/api/v2/summary.json`)).arrayBuffer());
    const site = join(dir, 'site');
    mkdirSync(join(site, 'api', 'v2'), { recursive: true });
    writeFileSync(join(site, 'index.html'), html);
    writeFileSync(join(site, 'api', 'v2', 'summary.json'), summary);
    const nginxPort = await freePort();
    writeFileSync(join(dir, 'nginx.conf'), nginxConf(dir, nginxPort));
    nginx = spawn('nginx', ['-c', join(dir, 'nginx.conf'), '-p', dir], { stdio: 'ignore' });
    const nginxBase = `http://127.0.0.1:${nginxPort}`;
    await waitFor(async () => (await fetch(`${nginxBase}/`).catch(() => null))?.status === 200, { what: 'nginx' });
    const fromNginx = Buffer.from(await (await fetch(`${nginxBase}/api/v2/summary.json`)).arrayBuffer());
    if (!fromNginx.equals(summary)) throw new Error('nginx does not serve the same bytes');

    log(`bench/status-page: ${WORKERS} HTTP worker(s); / is ${html.length} bytes, summary.json ${summary.length} bytes; wrk -t2, ${SECONDS}s per run`);
    for (const target of [base, nginxBase]) await wrk(`${target}/`, 100, 1);
    const lines: string[] = [];
    const row = (label: string, r: WrkResult) => `  ${label.padEnd(12)} ${r.requestsPerSecond.toFixed(0).padStart(7)} req/s   p50 ${r.p50Ms.toFixed(2).padStart(6)} ms   p99 ${r.p99Ms.toFixed(2).padStart(7)} ms${r.errors ? `   (${r.errors})` : ''}`;
    for (const [path, name] of [['/', 'GET /'], ['/api/v2/summary.json', 'GET /api/v2/summary.json']] as const) {
      for (const connections of CONNECTIONS) {
        const ngx = await wrk(`${nginxBase}${path}`, connections, SECONDS);
        const ours = await wrk(`${base}${path}`, connections, SECONDS);
        const ratio = ours.requestsPerSecond / ngx.requestsPerSecond;
        const goal = connections === 100 ? `goal >= 0.6 and p99 < 50 ms: ${ratio >= 0.6 && ours.p99Ms < 50 ? 'met' : 'NOT met'}` : `goal >= 0.6: ${ratio >= 0.6 ? 'met' : 'NOT met'}`;
        const block = [`${name}, ${connections} connections`, row('nginx', ngx), row('status-page', ours), `  ratio        ${ratio.toFixed(2)} of nginx's req/s; ${goal}`];
        log(block.join('\n'));
        lines.push(...block);
      }
    }
    console.log(lines.join('\n'));
  } finally {
    nginx?.kill('SIGTERM');
    await events.close().catch(() => undefined);
    await page.stop();
    await run('rm', ['-rf', dir]);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
