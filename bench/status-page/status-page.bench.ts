/**
 * The public status page under load, in one run beside nginx and a bare Node cluster serving the same bytes.
 *
 * Starts a status-page process (distributed mode, on the local NATS, BENCH_WORKERS HTTP workers) with a
 * realistic model (20 components, 3 active incidents with updates, 90 days of history), writing its site to
 * a folder (STATUS_PAGE_SITE_DIR). Then loads `/` and `/api/v2/summary.json` with wrk at each of
 * BENCH_CONNECTIONS, on four servers:
 *   - nginx          plain nginx serving copies of the very bytes (the baseline);
 *   - nginx front    nginx with the status page's server block of docker/nginx/sitrep.conf, serving the
 *                    folder the status page wrote, Node behind it for what is not there;
 *   - bare Node      a node:cluster of BENCH_WORKERS plain http servers answering the same bytes from memory;
 *   - status-page    the status page's own HTTP workers (how it serves without a front, embedded mode too).
 * File limits: every server and wrk are started with the soft limit raised to the hard one (`ulimit -n`).
 *
 *   npm run bench:status-page                       (BENCH_SECONDS=5, BENCH_WORKERS=2, BENCH_CONNECTIONS=1000,10000)
 *   BENCH_CONNECTIONS=100,1000 BENCH_SECONDS=10 npm run bench:status-page
 */
import { ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServiceProcess, TEST_NATS_URL, freePort, testNamespace, waitFor } from '@sitrep/testing';
import { StatusPageEvents, realisticStatusPage } from '../../test/support/status-page-events';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 2);
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? '1000,10000').split(',').map(Number);
const ROOT = join(__dirname, '..', '..');
const log = (text: string) => process.stderr.write(`${text}\n`);

interface WrkResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Socket errors (connect, read, write, timeout) and non-2xx/3xx answers, as wrk counts them. */
  errorCount: number;
  errors: string;
}

/** Runs a command with the soft open-files limit raised to the hard one: 10,000 connections need as many descriptors. */
function withFileLimit(command: string, args: string[]): [string, string[]] {
  return ['/bin/sh', ['-c', 'ulimit -n "$(ulimit -Hn)"; exec "$@"', 'sh', command, ...args]];
}

function toMs(value: string): number {
  const m = /^([\d.]+)(us|ms|s|m)$/.exec(value.trim());
  if (!m) return Number.NaN;
  const n = Number(m[1]);
  return m[2] === 'us' ? n / 1000 : m[2] === 'ms' ? n : m[2] === 's' ? n * 1000 : n * 60_000;
}

function run(command: string, args: string[]): Promise<string> {
  return new Promise((ok, fail) => {
    const child = spawn(...withFileLimit(command, args), { stdio: ['ignore', 'pipe', 'pipe'] });
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
  const errorCount = [...(socket ?? '').matchAll(/\d+/g)].reduce((sum, m) => sum + Number(m[0]), 0) + Number(non2xx ?? 0);
  return { requestsPerSecond: rps, p50Ms: p50, p99Ms: p99, errorCount, errors: [socket ? `socket errors: ${socket}` : '', non2xx ? `non-2xx: ${non2xx}` : ''].filter(Boolean).join('; ') };
}

/**
 * One nginx for both nginx variants: the plain baseline serving copies of the bytes, and the front, which
 * is the status page's server block of docker/nginx/sitrep.conf as compose runs it, pointed at the folder
 * the status page writes and at the status page itself.
 */
function nginxConf(root: string, plainPort: number, front: { port: number; siteDir: string; statusPage: string }): string {
  const compose = readFileSync(join(ROOT, 'docker', 'nginx', 'sitrep.conf'), 'utf8');
  const statusPageBlock = compose
    .replace(/^resolver .*$/m, '')
    // Only the status page's server: incident-core's and comms' blocks proxy to names of the compose network.
    .replace(/server \{\n  listen 300[01];[\s\S]*?\n\}\n/g, '')
    .replace('listen 3002;', `listen 127.0.0.1:${front.port} backlog=4096;`)
    .replace('root /srv/sitrep/site;', `root ${front.siteDir};`)
    .replace('http://status-page:3002', front.statusPage);
  return `
worker_processes auto;
worker_rlimit_nofile 40000;
daemon off;
pid ${root}/nginx.pid;
error_log ${root}/error.log warn;
events { worker_connections 20000; }
http {
  access_log off;
  client_body_temp_path ${root}/body; proxy_temp_path ${root}/proxy; fastcgi_temp_path ${root}/fastcgi; uwsgi_temp_path ${root}/uwsgi; scgi_temp_path ${root}/scgi;
  sendfile on; tcp_nopush on; keepalive_requests 1000000; keepalive_timeout 65;
  server {
    listen 127.0.0.1:${plainPort} backlog=4096;
    root ${root}/site;
    location = / { default_type text/html; try_files /index.html =404; }
    location = /api/v2/summary.json { default_type application/json; }
  }
${statusPageBlock}
}
`;
}

const load = () => loadavg().map((n) => n.toFixed(2)).join(', ');

async function main(): Promise<void> {
  const namespace = testNamespace('bench');
  const dir = mkdtempSync(join(tmpdir(), 'sitrep-bench-status-page-'));
  // nginx's workers drop root for an unprivileged user, who must be able to read the site folders.
  chmodSync(dir, 0o755);
  const siteDir = join(dir, 'written');
  mkdirSync(siteDir, { mode: 0o755 });
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
    STATUS_PAGE_SITE_DIR: siteDir,
    PUBLIC_URL: 'https://status.example.com',
  }).start();
  let nginx: ChildProcess | null = null;
  let bare: ChildProcess | null = null;
  const events = await StatusPageEvents.connect(TEST_NATS_URL, namespace);
  const loadBefore = load();
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
    // Every worker holds the same bytes, and the site folder has been written; give the slowest a moment.
    await new Promise((ok) => setTimeout(ok, 1_000));

    const html = Buffer.from(await (await fetch(`${base}/`)).arrayBuffer());
    const summary = Buffer.from(await (await fetch(`${base}/api/v2/summary.json`)).arrayBuffer());
    const copies = join(dir, 'site');
    mkdirSync(join(copies, 'api', 'v2'), { recursive: true });
    writeFileSync(join(copies, 'index.html'), html);
    writeFileSync(join(copies, 'api', 'v2', 'summary.json'), summary);

    const [nginxPort, frontPort, barePort] = [await freePort(), await freePort(), await freePort()];
    writeFileSync(join(dir, 'nginx.conf'), nginxConf(dir, nginxPort, { port: frontPort, siteDir, statusPage: base }));
    nginx = spawn(...withFileLimit('nginx', ['-c', join(dir, 'nginx.conf'), '-p', dir]), { stdio: 'ignore' });
    bare = spawn(...withFileLimit(process.execPath, [join(__dirname, 'bare-node-cluster.cjs'), String(barePort), String(WORKERS), copies]), { stdio: 'ignore' });
    const servers = [
      { label: 'nginx', base: `http://127.0.0.1:${nginxPort}` },
      { label: 'nginx front', base: `http://127.0.0.1:${frontPort}` },
      { label: 'bare Node', base: `http://127.0.0.1:${barePort}` },
      { label: 'status-page', base },
    ];
    for (const server of servers) await waitFor(async () => (await fetch(`${server.base}/`).catch(() => null))?.status === 200, { what: server.label });
    // Each serves the very same bytes; the front serves them from the folder, not by asking Node.
    for (const [path, bytes] of [['/', html], ['/api/v2/summary.json', summary]] as const) {
      for (const server of servers) {
        const body = Buffer.from(await (await fetch(`${server.base}${path}`)).arrayBuffer());
        if (!body.equals(bytes)) throw new Error(`${server.label} does not serve the status page's bytes at ${path}`);
      }
      const etag = (await fetch(`${servers[1].base}${path}`)).headers.get('etag') ?? '';
      if (!/^"[0-9a-f]+-[0-9a-f]+"$/.test(etag)) throw new Error(`the nginx front passed ${path} on to Node (ETag ${etag}) instead of serving the written file`);
    }

    const header = `bench/status-page: ${WORKERS} HTTP worker(s) for the status page and the bare Node cluster; / is ${html.length} bytes, summary.json ${summary.length} bytes; wrk -t2, ${SECONDS}s per run; load average before: ${loadBefore}`;
    log(header);
    for (const server of servers) await wrk(`${server.base}/`, 100, 1);
    const lines: string[] = [header];
    const row = (label: string, r: WrkResult, ngx: WrkResult) =>
      `  ${label.padEnd(12)} ${r.requestsPerSecond.toFixed(0).padStart(7)} req/s (${(r.requestsPerSecond / ngx.requestsPerSecond).toFixed(2)}x)   p50 ${r.p50Ms.toFixed(2).padStart(7)} ms   p99 ${r.p99Ms.toFixed(2).padStart(8)} ms (${(r.p99Ms / ngx.p99Ms).toFixed(1)}x)   errors ${r.errorCount}${r.errors ? ` (${r.errors})` : ''}`;
    for (const [path, name] of [['/', 'GET /'], ['/api/v2/summary.json', 'GET /api/v2/summary.json']] as const) {
      for (const connections of CONNECTIONS) {
        const results: WrkResult[] = [];
        for (const server of servers) results.push(await wrk(`${server.base}${path}`, connections, SECONDS));
        const [ngx] = results;
        const block = [`${name}, ${connections} connections (load average ${load()})`, ...servers.map((server, i) => row(server.label, results[i], ngx))];
        for (const [i, server] of servers.entries()) {
          if (i === 0) continue;
          const r = results[i];
          const verdict =
            connections <= 1_000
              ? `p99 within 3x nginx's and >= 0.75 of its req/s: ${r.p99Ms <= 3 * ngx.p99Ms && r.requestsPerSecond >= 0.75 * ngx.requestsPerSecond ? 'met' : 'NOT met'}`
              : `answers without errors: ${r.errorCount === 0 && r.requestsPerSecond > 0 ? 'met' : 'NOT met'}`;
          block.push(`  goal ${server.label.padEnd(12)} ${verdict}`);
        }
        log(block.join('\n'));
        lines.push(...block);
      }
    }
    lines.push(`load average after: ${load()}`);
    console.log(lines.join('\n'));
  } finally {
    nginx?.kill('SIGTERM');
    bare?.kill('SIGTERM');
    await events.close().catch(() => undefined);
    await page.stop();
    await run('rm', ['-rf', dir]);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
