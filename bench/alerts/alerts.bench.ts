/**
 * An alert storm against incident-core as its own process on PostgreSQL and NATS JetStream: BENCH_ALERTS
 * critical alerts on five components, posted to the Alertmanager receiver as a burst (BENCH_CONCURRENCY in
 * flight, BENCH_BATCH alerts per notification). Checks that the storm declared exactly one incident, that
 * every alert was recorded and linked to it, and that no request got a 5xx. Baseline, in the same run with
 * the same client and concurrency: bare HTTP POSTs of the same bodies to a trivial Node http server
 * (parse the JSON, answer 200) in a process of its own.
 *
 *   npm run bench:alerts        (BENCH_ALERTS=1000 BENCH_CONCURRENCY=50 BENCH_BATCH=1 by default)
 */
import { ChildProcess, spawn } from 'node:child_process';
import { Client } from 'pg';
import { ServiceProcess, TEST_NATS_URL, createTestDatabase, freePort, testNamespace } from '@sitrep/testing';

const ALERTS = Number(process.env.BENCH_ALERTS ?? 1000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const BATCH = Number(process.env.BENCH_BATCH ?? 1);
const ADMIN = 'bench-admin-token-0123456789abcdef';
const SERVICES = ['checkout', 'payments', 'search', 'login', 'email'];
const log = (text: string) => process.stderr.write(`${text}\n`);

/** Alertmanager webhook payloads (version 4), BATCH alerts each, distinct fingerprints. */
function payloads(prefix: string): string[] {
  const bodies: string[] = [];
  for (let i = 0; i < ALERTS; i += BATCH) {
    const alerts = [];
    for (let j = i; j < Math.min(i + BATCH, ALERTS); j++) {
      const service = SERVICES[j % SERVICES.length];
      alerts.push({
        status: 'firing',
        labels: { alertname: `Storm${j % 40}`, service, severity: 'critical', instance: `${service}-${j}` },
        annotations: { summary: `errors on ${service}`, customers_affected: String(10 + (j % 30)) },
        startsAt: new Date().toISOString(),
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: 'http://prometheus.bench.example/graph',
        fingerprint: `${prefix}-${j.toString(16).padStart(8, '0')}`,
      });
    }
    bodies.push(
      JSON.stringify({ version: '4', groupKey: `{}:{service="x"}`, truncatedAlerts: 0, status: 'firing', receiver: 'sitrep', groupLabels: {}, commonLabels: {}, commonAnnotations: {}, externalURL: 'http://alertmanager.bench.example', alerts }),
    );
  }
  return bodies;
}

/** Posts every body, CONCURRENCY in flight; returns alerts per second and the status codes seen. */
async function burst(url: string, token: string, bodies: string[]): Promise<{ perSecond: number; statuses: Map<number, number> }> {
  const statuses = new Map<number, number>();
  let next = 0;
  const worker = async () => {
    while (next < bodies.length) {
      const body = bodies[next++];
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
      await response.arrayBuffer();
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { perSecond: ALERTS / ((performance.now() - t0) / 1000), statuses };
}

/** The baseline server: a bare Node http server in its own process that parses the JSON body and answers 200. */
async function startTrivialServer(): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  // Same accept queue and keep-alive as incident-core's listener, so the two differ only in the work done.
  const code = `const server = require('node:http').createServer((q, s) => { const c = []; q.on('data', (d) => c.push(d)); q.on('end', () => { JSON.parse(Buffer.concat(c).toString() || '{}'); s.writeHead(200, { 'content-type': 'application/json' }); s.end('{"received":1}'); }); }); server.keepAliveTimeout = 65000; server.listen({ port: ${port}, host: '127.0.0.1', backlog: 4096 }, () => process.stdout.write('up\\n'));`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((ok) => child.stdout!.once('data', ok));
  return { url: `http://127.0.0.1:${port}/alerts`, child };
}

async function main(): Promise<void> {
  log(`bench/alerts: ${ALERTS} alerts, ${BATCH} per notification, ${CONCURRENCY} in flight`);
  const db = await createTestDatabase('sitrep_bench');
  const namespace = testNamespace('b');
  const port = await freePort();
  const env = { DATABASE_URL: db.url, NATS_URL: TEST_NATS_URL, SITREP_NAMESPACE: namespace, SITREP_ADMIN_TOKEN: ADMIN, CORE_PORT: String(port), LOG_LEVEL: 'warn' };
  const sql = new Client({ connectionString: db.url });
  let core: ServiceProcess | null = null;
  let trivial: ChildProcess | null = null;
  try {
    log('1/4 migrating and starting incident-core …');
    const migration = new ServiceProcess('apps/incident-core/src/migrate.ts', env).start();
    if ((await migration.exited(120_000)) !== 0) throw new Error(`migration failed:\n${migration.output}`);
    core = new ServiceProcess('apps/incident-core/src/main.ts', env).start();
    const url = `http://127.0.0.1:${port}`;
    await core.waitReady(url, 120_000);
    const admin = async <T>(path: string, body: unknown): Promise<T> => {
      const response = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` }, body: JSON.stringify(body) });
      if (response.status >= 300) throw new Error(`${path}: ${response.status} ${await response.text()}`);
      return (await response.json()) as T;
    };
    const componentMatchers = [];
    for (const service of SERVICES) componentMatchers.push({ matchers: [`service="${service}"`], componentId: (await admin<{ id: string }>('/api/v1/components', { name: `${service} service` })).id });
    const integration = await admin<{ token: string; receiverPath: string }>('/api/v1/integrations', { name: 'Prometheus bench', kind: 'alertmanager', componentMatchers });

    log('2/4 baseline: bare HTTP POSTs to a trivial server …');
    const baselineServer = await startTrivialServer();
    trivial = baselineServer.child;
    await burst(baselineServer.url, 'x', payloads('warmup').slice(0, 200));
    const baseline = await burst(baselineServer.url, 'x', payloads('baseline'));

    log('3/4 the storm: Alertmanager notifications to incident-core …');
    const storm = await burst(`${url}${integration.receiverPath}`, integration.token, payloads('storm'));

    log('4/4 checking: one incident, every alert recorded and linked, no 5xx …');
    await sql.connect();
    const incidents = (await sql.query(`SELECT id, reference, trigger, component_ids FROM core.incidents`)).rows;
    const alerts = (await sql.query(`SELECT count(*)::int AS n, count(DISTINCT incident_id)::int AS incidents, count(*) FILTER (WHERE incident_id IS NULL)::int AS unlinked FROM core.alerts`)).rows[0];
    const fiveXX = [...storm.statuses].filter(([status]) => status >= 500).reduce((n, [, c]) => n + c, 0);
    const notOk = [...storm.statuses].filter(([status]) => status !== 200);
    console.log(`bench/alerts (incident-core as a process, PostgreSQL, NATS JetStream; ${BATCH} alert(s) per notification, ${CONCURRENCY} in flight)`);
    console.log(`  baseline  bare HTTP POST of the same bodies to a trivial Node server: ${baseline.perSecond.toFixed(0)} alerts/s`);
    console.log(`  sitrep    POST /api/v1/integrations/alertmanager (record, link, detect): ${storm.perSecond.toFixed(0)} alerts/s`);
    console.log(`  ratio     ${(storm.perSecond / baseline.perSecond).toFixed(3)}x the bare POST rate`);
    console.log(`  checks    incidents declared: ${incidents.length} (${incidents.map((i) => `${i.reference} ${i.trigger}, ${i.component_ids.length} components`).join('; ')})`);
    console.log(`            alerts recorded: ${alerts.n} of ${ALERTS}, linked to ${alerts.incidents} incident(s), unlinked ${alerts.unlinked}`);
    console.log(`            responses: ${[...storm.statuses].map(([s, c]) => `${c}x ${s}`).join(', ')}; 5xx: ${fiveXX}`);
    const ok = incidents.length === 1 && alerts.n === ALERTS && alerts.unlinked === 0 && alerts.incidents === 1 && notOk.length === 0;
    console.log(`  target    one incident, all ${ALERTS} recorded and linked, no 5xx: ${ok ? 'met' : 'NOT met'}`);
    if (!ok) process.exitCode = 1;
  } finally {
    trivial?.kill();
    await core?.stop();
    await sql.end().catch(() => undefined);
    await db.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
