/**
 * How long a status-page replica takes to be ready on a long event history, from a snapshot plus the tail
 * of the stream, next to the same process replaying the whole stream.
 *
 * On a private nats-server (free port, temporary store): BENCH_EVENTS events (a realistic page plus years
 * of resolved incidents), then
 *   1. a page with no snapshot replays them all (the baseline; it writes its snapshot),
 *   2. BENCH_TAIL more events are published while it is down,
 *   3. a replica starts from that snapshot plus the tail,
 *   4. a fresh page replays everything again, and the replica's documents are compared with its bytes.
 * "ready" is the time from spawning the process to its first 200 on /health/ready; "model" is the part
 * of that spent loading the model (the process's own log), the rest being Node and Nest starting.
 *
 *   npm run bench:status-page-startup                 (BENCH_EVENTS=50000, BENCH_TAIL=200)
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { JetStreamBus } from '@sitrep/messaging';
import { PrivateNatsServer, ServiceProcess, freePort, testNamespace, waitFor } from '@sitrep/testing';
import { StatusPageEvents, communicationPublished, longHistory, realisticStatusPage } from '../../test/support/status-page-events';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 50_000);
const TAIL = Number(process.env.BENCH_TAIL ?? 200);
const PATHS = ['/', '/history', '/api/v2/summary.json', '/api/v2/incidents.json', '/history.rss'];
const log = (text: string) => process.stderr.write(`${text}\n`);

interface Started {
  process: ServiceProcess;
  url: string;
  readyMs: number;
  modelMs: number | null;
  how: string;
}

async function startPage(env: Record<string, string>): Promise<Started> {
  const port = await freePort();
  const process = new ServiceProcess('apps/status-page/src/main.ts', { ...env, STATUS_PAGE_PORT: String(port), LOG_LEVEL: 'info' });
  const url = `http://127.0.0.1:${port}`;
  const began = performance.now();
  process.start();
  await waitFor(
    async () => {
      if (!process.running) throw new Error(`status page exited:\n${process.output}`);
      return (await fetch(`${url}/health/ready`).catch(() => null))?.status === 200;
    },
    { what: 'the status page to be ready', timeoutMs: 300_000, intervalMs: 5 },
  );
  const readyMs = performance.now() - began;
  const line = process.output.split('\n').find((l) => l.includes('read model loaded'));
  const parsed = line ? (JSON.parse(line) as { loadMs?: number; msg: string }) : null;
  return { process, url, readyMs, modelMs: parsed?.loadMs ?? null, how: parsed?.msg ?? '?' };
}

async function documents(url: string): Promise<string[]> {
  return Promise.all(PATHS.map(async (path) => (await fetch(`${url}${path}`)).text()));
}

async function main(): Promise<void> {
  const nats = new PrivateNatsServer(await freePort());
  await nats.start();
  const namespace = testNamespace('bench');
  const dataDir = mkdtempSync(join(tmpdir(), 'sitrep-startup-bench-'));
  const env = {
    DATABASE_URL: 'postgres://unused@127.0.0.1:1/unused',
    NATS_URL: nats.url,
    SITREP_NAMESPACE: namespace,
    SITREP_DATA_DIR: dataDir,
    SITREP_INSTANCE_ID: 'replica',
    PUBLIC_URL: 'https://status.example.test',
  };
  const running: ServiceProcess[] = [];
  try {
    const bus = new JetStreamBus({ servers: nats.url, namespace, replicas: 1, name: 'startup-bench', logger: pino({ level: 'silent' }) });
    await bus.start();
    await bus.close();
    const now = new Date();
    const page = realisticStatusPage(now);
    const history = longHistory(now, page.components, Math.max(0, EVENTS - page.events.length));
    const ordered = [...page.events.slice(0, page.components.length), ...history, ...page.events.slice(page.components.length)];
    log(`bench/status-page startup: publishing ${ordered.length} events (${page.components.length} components, ${history.length / 5} past incidents) …`);
    const events = await StatusPageEvents.connect(nats.url, namespace);
    for (let i = 0; i < ordered.length; i += 500) await Promise.all(ordered.slice(i, i + 500).map((e) => events.publish(e)));

    const full = await startPage(env);
    running.push(full.process);
    await full.process.stop('SIGTERM');

    // Dated in the past: an update dated ahead of the clock shows differently as the clock reaches it.
    const incidentId = page.events.find((e) => e.type === 'communication.published')!.incidentId!;
    for (let i = 0; i < TAIL; i++) {
      await events.publish(communicationPublished({ incidentId, title: 'Card payments failing for some customers', status: 'identified', impact: 'critical', at: new Date(now.getTime() - (TAIL - i) * 1_000), body: `Tail update ${i + 1}.` }));
    }
    await events.close();

    const resumed = await startPage(env);
    running.push(resumed.process);
    const fresh = await startPage({ ...env, SITREP_INSTANCE_ID: 'fresh', STATUS_PAGE_SNAPSHOT: 'off', SITREP_DATA_DIR: mkdtempSync(join(tmpdir(), 'sitrep-startup-fresh-')) });
    running.push(fresh.process);
    const [a, b] = await Promise.all([documents(resumed.url), documents(fresh.url)]);
    const identical = PATHS.filter((_, i) => a[i] === b[i]);

    const row = (name: string, s: Started) => `  ${name.padEnd(38)} ${(s.readyMs / 1000).toFixed(2).padStart(6)} s   ${s.modelMs === null ? '   ?' : (s.modelMs / 1000).toFixed(2).padStart(6)} s`;
    console.log(
      [
        '',
        `bench/status-page startup: ${ordered.length} events on the stream, then ${TAIL} more while the replica was down`,
        `  ${'start'.padEnd(38)} ${'ready'.padStart(8)}   ${'model'.padStart(8)}`,
        row('whole stream, no snapshot (before)', full),
        row('snapshot + tail (replica)', resumed),
        row('whole stream again (second replica)', fresh),
        `  documents byte-identical between the snapshot+tail replica and the full replay: ${identical.length}/${PATHS.length} (${PATHS.join(', ')})`,
        `  how the replica loaded: ${resumed.how}`,
      ].join('\n'),
    );
    if (identical.length !== PATHS.length) process.exitCode = 1;
  } finally {
    await Promise.all(running.map((p) => p.stop('SIGKILL')));
    await nats.stop();
  }
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
