import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { JetStreamBus } from '@sitrep/messaging';
import { PrivateNatsServer, ServiceProcess, freePort, testNamespace, waitFor } from '@sitrep/testing';
import { StatusPageEvents, communicationPublished, longHistory, realisticStatusPage } from '../support/status-page-events';

/** The documents compared byte for byte: the front page, the JSON a widget polls, and an incident's permalink. */
const PATHS = ['/', '/api/v2/summary.json', '/api/v2/incidents/unresolved.json'];
const HISTORY = 3_000;

interface Answer {
  at: number;
  path: string;
  status: number;
  body: string;
  retryAfter: string | null;
}

/**
 * Starts a status page and asks for its documents from the moment the process exists, as hard as one
 * client can, until it has answered 200 for half a second, or answered anything for `answeredForMs`
 * (or `forMs` have passed).
 */
async function pollFromTheStart(process: ServiceProcess, url: string, options: { answeredForMs?: number; forMs: number }): Promise<Answer[]> {
  const answers: Answer[] = [];
  const started = Date.now();
  process.start();
  let firstOk: number | null = null;
  let firstAnswer: number | null = null;
  for (let i = 0; Date.now() - started < options.forMs; i++) {
    if (firstOk !== null && Date.now() - firstOk > 500) break;
    if (firstAnswer !== null && options.answeredForMs !== undefined && Date.now() - firstAnswer > options.answeredForMs) break;
    const path = PATHS[i % PATHS.length];
    const response = await fetch(`${url}${path}`).catch(() => null);
    if (!response) {
      if (!process.running) throw new Error(`the status page exited:\n${process.output}`);
      await new Promise((ok) => setTimeout(ok, 1));
      continue;
    }
    const answer = { at: Date.now() - started, path, status: response.status, body: await response.text(), retryAfter: response.headers.get('retry-after') };
    answers.push(answer);
    firstAnswer ??= Date.now();
    if (answer.status === 200 && firstOk === null) firstOk = Date.now();
  }
  return answers;
}

/** What a poll saw, for the failure message: a count per status and path, and any 200 that differs from the reference. */
function verdict(answers: Answer[], reference: Record<string, string>) {
  const wrong = answers.filter((a) => a.status === 200 && a.body !== reference[a.path]).map((a) => ({ at: a.at, path: a.path, body: a.body.slice(0, 300) }));
  const unexpected = answers.filter((a) => a.status !== 200 && !(a.status === 503 && a.retryAfter !== null)).map((a) => ({ at: a.at, path: a.path, status: a.status }));
  const ok = answers.filter((a) => a.status === 200).length;
  const unavailable = answers.filter((a) => a.status === 503).length;
  return { wrong, unexpected, ok, unavailable };
}

describe('a status page never serves a model other than the last published one while it starts', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sitrep-cold-start-'));
  const namespace = testNamespace();
  let nats: PrivateNatsServer;
  let running: ServiceProcess[] = [];

  const statusPage = (env: Record<string, string>) => {
    const process = new ServiceProcess('apps/status-page/src/main.ts', {
      // The status page needs no database; the setting only marks the distributed setup.
      DATABASE_URL: 'postgres://unused@127.0.0.1:1/unused',
      NATS_URL: nats.url,
      SITREP_NAMESPACE: namespace,
      SITREP_DATA_DIR: dataDir,
      SITREP_INSTANCE_ID: 'page-a',
      // Permalinks name the public URL, not the port, so every process renders the same bytes.
      PUBLIC_URL: 'https://status.example.test',
      STATUS_PAGE_NAME: 'Acme Status',
      STATUS_PAGE_BUS_WAIT_MS: '1000',
      LOG_LEVEL: 'info',
      ...env,
    });
    running.push(process);
    return process;
  };
  const withPort = async (env: Record<string, string> = {}) => {
    const port = await freePort();
    return { process: statusPage({ STATUS_PAGE_PORT: String(port), ...env }), url: `http://127.0.0.1:${port}` };
  };
  const documents = async (url: string) => Object.fromEntries(await Promise.all(PATHS.map(async (path) => [path, await (await fetch(`${url}${path}`)).text()] as const)));

  beforeAll(async () => {
    nats = new PrivateNatsServer(await freePort());
    await nats.start();
    // The streams, as the apps create them, before anything is published.
    const bus = new JetStreamBus({ servers: nats.url, namespace, replicas: 1, name: 'cold-start-test', logger: pino({ level: 'silent' }) });
    await bus.start();
    await bus.close();
  });

  afterAll(async () => {
    await Promise.all(running.map((p) => p.stop('SIGKILL')));
    running = [];
    await nats?.stop();
  });

  it('restarted on a long history with NATS up, and with NATS down: 503 with Retry-After, or the current page', async () => {
    const now = new Date();
    const page = realisticStatusPage(now);
    const events = await StatusPageEvents.connect(nats.url, namespace);
    const [active] = page.events.filter((e) => e.type === 'communication.published');
    try {
      for (const event of page.events.slice(0, page.components.length)) await events.publish(event);
      const history = longHistory(now, page.components, HISTORY);
      for (let i = 0; i < history.length; i += 200) await Promise.all(history.slice(i, i + 200).map((e) => events.publish(e)));
      for (const event of page.events.slice(page.components.length)) await events.publish(event);

      // A first run builds the snapshot (with its stream position) and stops cleanly.
      const first = await withPort();
      first.process.start();
      await first.process.waitReady(first.url, 60_000);
      // The log line may reach stdout a moment after the process answers ready.
      await waitFor(() => first.process.output.includes('read model loaded from the event stream'), { what: 'the full replay to be logged' });
      expect((await fetch(`${first.url}/`)).status).toBe(200);
      await first.process.stop('SIGTERM');
      const snapshot = JSON.parse(readFileSync(join(dataDir, 'status-page-snapshot.json'), 'utf8')) as { position?: { sequences: Record<string, number> } };
      expect(snapshot.position?.sequences.communications).toBeGreaterThan(HISTORY);

      // While it is down, one more update is published: the snapshot is no longer the current page.
      const latest = communicationPublished({
        incidentId: active.incidentId!,
        title: 'Card payments failing for some customers',
        status: 'monitoring',
        impact: 'critical',
        at: new Date(now.getTime() + 1_000),
        body: 'A fix is in place; we are watching card payments recover.',
      });
      await events.publish(latest);
    } finally {
      await events.close();
    }

    // The reference: a page that knows nothing but the stream, replayed from its first event.
    const reference = await withPort({ STATUS_PAGE_SNAPSHOT: 'off', SITREP_INSTANCE_ID: 'reference', SITREP_DATA_DIR: mkdtempSync(join(tmpdir(), 'sitrep-reference-')) });
    reference.process.start();
    await reference.process.waitReady(reference.url, 60_000);
    const expected = await documents(reference.url);
    expect(expected['/']).toContain('A fix is in place; we are watching card payments recover.');
    await reference.process.stop('SIGKILL');

    // Restart with NATS up: the stale snapshot is never served; the snapshot plus the tail gives the same bytes as the full replay.
    const warm = await withPort();
    const upAnswers = await pollFromTheStart(warm.process, warm.url, { forMs: 60_000 });
    const up = verdict(upAnswers, expected);
    expect({ wrong: up.wrong, unexpected: up.unexpected }).toEqual({ wrong: [], unexpected: [] });
    expect(up.ok).toBeGreaterThan(0);
    await waitFor(() => warm.process.output.includes('read model loaded from the snapshot and the tail of the event stream'), { what: 'the start from the snapshot and the tail to be logged' });
    await warm.process.stop('SIGTERM');

    // Restart with NATS down: after the wait for the bus, the snapshot (now current) and nothing else.
    await nats.stop();
    const cold = await withPort();
    const downAnswers = await pollFromTheStart(cold.process, cold.url, { forMs: 30_000 });
    const down = verdict(downAnswers, expected);
    expect({ wrong: down.wrong, unexpected: down.unexpected }).toEqual({ wrong: [], unexpected: [] });
    expect(down.ok).toBeGreaterThan(0);
    expect(down.unavailable).toBeGreaterThan(0);
    await cold.process.stop('SIGKILL');

    // NATS down and no snapshot: nothing is known, so nothing but 503s (never an empty "All Systems Operational").
    const blind = await withPort({ STATUS_PAGE_SNAPSHOT: 'off', SITREP_INSTANCE_ID: 'blind' });
    // Polled for twice the wait for the bus after its first answer, so past the moment it gives up waiting.
    const blindAnswers = await pollFromTheStart(blind.process, blind.url, { forMs: 60_000, answeredForMs: 2_000 });
    const none = verdict(blindAnswers, expected);
    expect({ ok: none.ok, unexpected: none.unexpected }).toEqual({ ok: 0, unexpected: [] });
    expect(none.unavailable).toBeGreaterThan(10);
    await blind.process.stop('SIGKILL');
    await nats.start();
    // Five status-page starts, each timed by its own waits: on a busy CI machine that is more than the suite's default 120 s.
  }, 360_000);
});
