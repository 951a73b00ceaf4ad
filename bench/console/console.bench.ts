/**
 * The console's incident page for an incident with 2,000 timeline entries, next to a bare node http server
 * sending the very same bytes (the floor: what any HTTP answer of that size costs here).
 *
 * Starts incident-core as its own process (distributed mode: real PostgreSQL, the local NATS), declares a P1,
 * writes 2,000 timeline lines, signs in to the console with a token, then requests the page BENCH_REQUESTS
 * times from BENCH_CONCURRENCY clients and prints p50/p99 for both servers and their ratio.
 *
 *   npm run bench:console                  (BENCH_REQUESTS=1000, BENCH_CONCURRENCY=4)
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { ServiceProcess, TEST_NATS_URL, createTestDatabase, freePort, testNamespace } from '@sitrep/testing';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 1000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const ENTRIES = 2000;
const ADMIN = 'console-bench-admin-token-0123456789';
const log = (text: string) => process.stderr.write(`${text}\n`);

async function measure(url: string, headers: Record<string, string>): Promise<{ p50: number; p99: number; max: number; bytes: number }> {
  const times: number[] = [];
  let bytes = 0;
  let next = 0;
  const worker = async () => {
    while (next < REQUESTS) {
      next++;
      const started = process.hrtime.bigint();
      const response = await fetch(url, { headers });
      const body = await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
      bytes = body.byteLength;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
  return { p50: at(0.5), p99: at(0.99), max: times[times.length - 1], bytes };
}

async function main(): Promise<void> {
  const db = await createTestDatabase('sitrep_bench');
  const port = await freePort();
  const env = { DATABASE_URL: db.url, NATS_URL: TEST_NATS_URL, SITREP_NAMESPACE: testNamespace('bench'), SITREP_ADMIN_TOKEN: ADMIN, CORE_PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' };
  const migration = new ServiceProcess('apps/incident-core/src/migrate.ts', env).start();
  if ((await migration.exited(60_000)) !== 0) throw new Error(migration.output);
  const core = new ServiceProcess('apps/incident-core/src/main.ts', env).start();
  const base = `http://127.0.0.1:${port}`;
  const sql = new Client({ connectionString: db.url });
  let baseline: ReturnType<typeof createServer> | null = null;
  try {
    await core.waitReady(base, 90_000);
    const call = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      return (await response.json()) as { id: string };
    };
    await call('POST', '/api/v1/people', { name: 'Cleo Commander', email: 'cleo@example.test', roles: ['incident_commander'], onCall: true });
    const incident = await call('POST', '/api/v1/incidents', { title: 'Card payments failing', severity: 'P1' });
    await sql.connect();
    await sql.query(
      `INSERT INTO core.timeline_entries (id, incident_id, at, kind, text, actor, source, internal)
       SELECT gen_random_uuid(), $1, now() + (n || ' seconds')::interval, 'note', 'Bridge update ' || n || ': checked the card gateway, error rate ' || (n % 97) || '%', $2::jsonb, 'api', true
       FROM generate_series(1, $3::int) AS n`,
      [incident.id, JSON.stringify({ kind: 'person', id: randomUUID(), name: 'Cleo Commander' }), ENTRIES - 2],
    );
    const [{ count }] = (await sql.query(`SELECT count(*)::int AS count FROM core.timeline_entries WHERE incident_id = $1`, [incident.id])).rows;

    // Sign in as a browser would: the form's CSRF cookie and field, then the session cookie.
    const form = await fetch(`${base}/console/sign-in`);
    const signInCookie = form.headers.getSetCookie()[0].split(';')[0];
    const csrf = /name="csrf" value="([^"]+)"/.exec(await form.text())![1];
    const signedIn = await fetch(`${base}/console/sign-in`, { method: 'POST', redirect: 'manual', headers: { cookie: signInCookie, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ csrf, token: ADMIN }) });
    const session = signedIn.headers.getSetCookie().find((c) => c.startsWith('sitrep_console_session='))!.split(';')[0];
    const pageUrl = `${base}/console/incidents/${incident.id}`;
    const page = await fetch(pageUrl, { headers: { cookie: session } });
    const html = Buffer.from(await page.arrayBuffer());
    if (page.status !== 200 || !html.includes(`Bridge update ${ENTRIES - 2}:`)) throw new Error(`the incident page did not show the timeline (status ${page.status})`);

    baseline = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html));
    await new Promise<void>((ok) => baseline!.listen(0, '127.0.0.1', ok));
    const baselineUrl = `http://127.0.0.1:${(baseline.address() as AddressInfo).port}/`;

    log(`incident page: ${count} timeline entries, ${html.byteLength} bytes; ${REQUESTS} requests from ${CONCURRENCY} clients each`);
    await measure(pageUrl, { cookie: session }); // warm-up
    const consolePage = await measure(pageUrl, { cookie: session });
    const floor = await measure(baselineUrl, {});
    const row = (name: string, r: { p50: number; p99: number; max: number }) => `| ${name} | ${r.p50.toFixed(1)} ms | ${r.p99.toFixed(1)} ms | ${r.max.toFixed(1)} ms |`;
    console.log(['| server | p50 | p99 | max |', '| --- | --- | --- | --- |', row('console incident page (incident-core)', consolePage), row('bare node http, same bytes', floor)].join('\n'));
    console.log(`p99 ratio console/bare: ${(consolePage.p99 / floor.p99).toFixed(1)}x; goal p99 < 100 ms: ${consolePage.p99 < 100 ? 'met' : 'NOT met'}`);
  } finally {
    baseline?.close();
    await sql.end().catch(() => undefined);
    await core.stop();
    await db.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
