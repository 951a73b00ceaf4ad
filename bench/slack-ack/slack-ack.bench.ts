/**
 * How fast comms acknowledges Slack's requests (Slack gives an app 3 seconds), while comms is busy with a
 * fan-out to BENCH_SUBSCRIBERS email subscribers. comms runs as its own process on PostgreSQL and NATS
 * JetStream; the SMTP sink and the Slack fake run in this process, and the fake sends signed
 * `/incident help` commands (the answer goes to its response_url after the acknowledgement).
 * Baselines in the same run: a bare Node HTTP server that checks the same signature and answers 200,
 * and comms itself while idle (BENCH_REQUESTS each, at the same pace). During the fan-out the commands do not stop at a
 * count: they go on, paced at BENCH_RATE a second (4 at a time at most), from the first email out to the
 * last, so every acknowledgement measured was given while the fan-out was sending, and the bench says how
 * many emails went out in that window and how fast. Prints p50 and p99 of each, and the ratios.
 *
 *   npm run bench:slack-ack        (BENCH_SUBSCRIBERS=10000 BENCH_REQUESTS=300 BENCH_RATE=20 by default)
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import pino from 'pino';
import { Client } from 'pg';
import { JetStreamBus } from '@sitrep/messaging';
import { TEST_NATS_URL, createTestDatabase, deleteNamespaceStreams, freePort, publishEvent, publishedCommunication, seedConfirmedSubscribers, testNamespace, waitFor } from '@sitrep/testing';
import { SlackFake, SmtpSink } from '@sitrep/vendor-fakes';
import { verifySlackRequest } from '../../apps/comms/src/app/slack-app/slack-signature';

const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 10_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 300);
/** Slack requests a second during the fan-out: a busy war room, not a load test of its own. */
const RATE = Number(process.env.BENCH_RATE ?? 20);
const ROOT = join(__dirname, '..', '..');
const log = (text: string) => process.stderr.write(`${text}\n`);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
const summary = (ms: number[]) => {
  const sorted = [...ms].sort((a, b) => a - b);
  return `p50 ${percentile(sorted, 50).toFixed(0)} ms, p99 ${percentile(sorted, 99).toFixed(0)} ms, max ${sorted[sorted.length - 1].toFixed(0)} ms (n=${sorted.length})`;
};

/** `n` signed slash commands from the fake, 4 at a time, as fast as they are answered (the warm-ups); the acknowledgement times. */
async function commands(slack: SlackFake, user: string, channel: string, n: number): Promise<number[]> {
  const times: number[] = [];
  let sent = 0;
  const worker = async () => {
    while (sent < n) {
      sent++;
      const reply = await slack.slashCommand(user, channel, 'help');
      if (reply.status !== 200) throw new Error(`comms answered ${reply.status}`);
      times.push(reply.ackMs);
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  return times;
}

/**
 * Signed slash commands, 4 at a time and at most `perSecond` a second, until `done()`: the acknowledgement
 * times, and when the first was sent and the last acknowledged.
 */
async function commandsUntil(slack: SlackFake, user: string, channel: string, perSecond: number, done: (sent: number) => boolean): Promise<{ times: number[]; from: number; to: number }> {
  const times: number[] = [];
  const gap = 1000 / perSecond;
  let next = performance.now();
  let sent = 0;
  const from = performance.now();
  const worker = async () => {
    while (!done(sent)) {
      const slot = next;
      next = Math.max(next + gap, performance.now());
      const wait = slot - performance.now();
      if (wait > 0) await new Promise((ok) => setTimeout(ok, wait));
      if (done(sent)) break;
      sent++;
      const reply = await slack.slashCommand(user, channel, 'help');
      if (reply.status !== 200) throw new Error(`comms answered ${reply.status}`);
      times.push(reply.ackMs);
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  return { times, from, to: performance.now() };
}

const ratio = (a: number[], b: number[], p: number) => {
  const [x, y] = [[...a].sort((m, n) => m - n), [...b].sort((m, n) => m - n)];
  return (percentile(x, p) / percentile(y, p)).toFixed(2);
};

async function main(): Promise<void> {
  log(`bench/slack-ack: signed slash commands (${RATE}/s) for the whole of a fan-out to ${SUBSCRIBERS} email subscribers; baselines of ${REQUESTS}`);
  const db = await createTestDatabase('sitrep_bench');
  const namespace = testNamespace('b');
  const sink = await new SmtpSink({ recordLimit: 1 }).start();
  const slack = await new SlackFake({ enforceLimits: false }).start();
  const sql = new Client({ connectionString: db.url });
  const bus = new JetStreamBus({ servers: TEST_NATS_URL, namespace, replicas: 1, name: `${namespace}-bench`, logger: pino({ level: 'silent' }) });
  let comms: ChildProcess | null = null;
  const bare = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const check = verifySlackRequest(slack.signingSecret, { signature: req.headers['x-slack-signature'] as string, timestamp: req.headers['x-slack-request-timestamp'] as string }, Buffer.concat(chunks), Math.floor(Date.now() / 1000));
      res.writeHead(check.ok ? 200 : 401).end();
    });
  });
  try {
    log('1/6 migrating and seeding subscribers …');
    const env = { ...process.env, DATABASE_URL: db.url, NATS_URL: TEST_NATS_URL, SITREP_NAMESPACE: namespace, LOG_LEVEL: 'warn' };
    const migrate = spawn(process.execPath, [join(ROOT, 'tools/run-ts.cjs'), join(ROOT, 'apps/comms/src/migrate.ts')], { cwd: ROOT, env, stdio: 'inherit' });
    if ((await new Promise((ok) => migrate.once('exit', ok))) !== 0) throw new Error('migration failed');
    await sql.connect();
    await seedConfirmedSubscribers(sql, 'email', SUBSCRIBERS, { domain: 'bench.example' });
    await sql.query('ANALYZE comms.subscribers');
    const user = slack.addUser('responder@bench.example', 'responder');
    const channel = slack.addChannel('incidents');
    channel.members.add(user.id);
    await sql.query(`INSERT INTO comms.people (id, name, email, slack_user_id, updated_at) VALUES ($1, 'Rita Responder', 'responder@bench.example', $2, now())`, [randomUUID(), user.id]);

    log('2/6 baseline: a bare Node server checking the same signature …');
    await new Promise<void>((ok) => bare.listen(0, '127.0.0.1', ok));
    slack.appUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}`;
    await commands(slack, user.id, channel.id, 50);
    // Baselines at the same pace as the measurement, so queueing in the client is the same in all three.
    const bareTimes = (await commandsUntil(slack, user.id, channel.id, RATE, (sent) => sent >= REQUESTS)).times;

    log('3/6 starting comms as its own process …');
    const port = await freePort();
    comms = spawn(process.execPath, [join(ROOT, 'tools/run-ts.cjs'), join(ROOT, 'apps/comms/src/main.ts')], {
      cwd: ROOT,
      env: {
        ...env,
        SITREP_ADMIN_TOKEN: 'bench-admin-token-0123456789abcdef',
        COMMS_PORT: String(port),
        COMMS_PUBLIC_URL: `http://127.0.0.1:${port}`,
        SMTP_URL: sink.url,
        SMTP_FROM: 'Acme Status <status@acme.example>',
        SLACK_API_URL: slack.apiUrl,
        SLACK_BOT_TOKEN: slack.botToken,
        SLACK_SIGNING_SECRET: slack.signingSecret,
      },
      stdio: 'inherit',
    });
    await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => null))?.status === 200, { timeoutMs: 300_000, what: 'comms to be ready' });
    await bus.start();
    slack.appUrl = `http://127.0.0.1:${port}`;

    log('4/6 comms idle …');
    await commands(slack, user.id, channel.id, 50);
    const idleTimes = (await commandsUntil(slack, user.id, channel.id, RATE, (sent) => sent >= REQUESTS)).times;

    log(`5/6 comms during the fan-out to ${SUBSCRIBERS} …`);
    const publish = async () => {
      await publishEvent(bus, publishedCommunication(['email'], { actor: 'bench' }));
    };
    const before = sink.accepted;
    const t0 = performance.now();
    await publish();
    // The window opens with the first email out and closes with the last: commands go on all along.
    await waitFor(() => sink.accepted - before > 0, { timeoutMs: 120_000, intervalMs: 5, what: 'the fan-out to start' });
    const atStart = sink.accepted - before;
    const busy = await commandsUntil(slack, user.id, channel.id, RATE, () => sink.accepted - before >= SUBSCRIBERS);
    const busyTimes = busy.times;
    const sentDuring = sink.accepted - before - atStart;
    const windowSeconds = (busy.to - busy.from) / 1000;
    const fanoutSeconds = (performance.now() - t0) / 1000;
    const answered = slack.privateNotes.length;

    // The same fan-out again with no Slack traffic: its pace says whether the one above went at full speed.
    log(`6/6 the same fan-out alone …`);
    const aloneBefore = sink.accepted;
    await publish();
    await waitFor(() => sink.accepted - aloneBefore > 0, { timeoutMs: 120_000, intervalMs: 5, what: 'the second fan-out to start' });
    const aloneFrom = performance.now();
    const aloneAtStart = sink.accepted - aloneBefore;
    await waitFor(() => sink.accepted - aloneBefore >= SUBSCRIBERS, { timeoutMs: 30 * 60_000, intervalMs: 5, what: 'the second fan-out to finish' });
    const aloneRate = (SUBSCRIBERS - aloneAtStart) / ((performance.now() - aloneFrom) / 1000);

    console.log(
      [
        '',
        `bench/slack-ack (comms as its own process, PostgreSQL, NATS JetStream; the Slack fake sends signed /incident help, ${RATE}/s, 4 at a time at most)`,
        `  baseline  bare Node server, same signature check:   ${summary(bareTimes)}`,
        `  baseline  comms idle:                               ${summary(idleTimes)}`,
        `  sitrep    comms during the fan-out to ${SUBSCRIBERS}:  ${summary(busyTimes)}`,
        `  fan-out   ${SUBSCRIBERS} emails in ${fanoutSeconds.toFixed(1)} s; ${sentDuring} of them went out during the ${windowSeconds.toFixed(1)} s window of the ${busyTimes.length} commands above (${(sentDuring / windowSeconds).toFixed(0)} emails/s; the same fan-out alone: ${aloneRate.toFixed(0)} emails/s)`,
        `  ratios    during the fan-out / bare server: p50 ${ratio(busyTimes, bareTimes, 50)}, p99 ${ratio(busyTimes, bareTimes, 99)}; / comms idle: p50 ${ratio(busyTimes, idleTimes, 50)}, p99 ${ratio(busyTimes, idleTimes, 99)}`,
        `  answers   ${answered} replies posted to response_url after the acknowledgements`,
        `  target    every acknowledgement under 3000 ms: ${Math.max(...busyTimes, ...idleTimes) < 3000 ? 'met' : 'NOT met'}`,
        '',
      ].join('\n'),
    );
  } finally {
    if (comms && comms.exitCode === null) {
      const exited = new Promise((ok) => comms!.once('exit', ok));
      comms.kill('SIGTERM');
      await exited;
    }
    bare.close();
    await bus.close().catch(() => undefined);
    await deleteNamespaceStreams(namespace);
    await sql.end().catch(() => undefined);
    await sink.stop();
    await slack.stop();
    await new Promise((ok) => setTimeout(ok, 500));
    await db.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
