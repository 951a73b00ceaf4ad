/**
 * Fan-out throughput in the distributed setup: comms as its own process on PostgreSQL and NATS JetStream,
 * sending a published communication to BENCH_EMAILS email subscribers (the local SMTP sink) and then to
 * BENCH_SMS SMS subscribers (the Twilio fake), both fakes in this process. Baseline, in the same run
 * against the same sink: a bare pooled nodemailer client (same pool size) sending as fast as it can.
 * Prints deliveries per second, the ratio to the baseline, and comms' peak RSS (VmHWM).
 *
 *   npm run bench:fanout        (BENCH_EMAILS=100000 BENCH_SMS=100000 BENCH_BASELINE=20000 by default)
 */
import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { Client } from 'pg';
import { createTransport } from 'nodemailer';
import { JetStreamBus } from '@sitrep/messaging';
import { TEST_NATS_URL, createTestDatabase, deleteNamespaceStreams, freePort, publishEvent, publishedCommunication, seedConfirmedSubscribers, testNamespace, waitFor } from '@sitrep/testing';
import { ReceivedEmail, SmtpSink, TwilioFake } from '@sitrep/vendor-fakes';

const EMAILS = Number(process.env.BENCH_EMAILS ?? 100_000);
const SMS = Number(process.env.BENCH_SMS ?? 100_000);
const BASELINE = Number(process.env.BENCH_BASELINE ?? 20_000);
const POOL = Number(process.env.BENCH_SMTP_CONNECTIONS ?? 5);
const ROOT = join(__dirname, '..', '..');
const log = (text: string) => process.stderr.write(`${text}\n`);

/** Peak resident set size of a process, from the kernel (VmHWM), in MiB. */
function peakRssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

/**
 * The baseline: the message comms sent (same subject, text, HTML and List-Unsubscribe headers, captured
 * at the sink), sent to `n` new recipients by a bare pooled nodemailer client with the same pool size,
 * as many in flight as it will take, after a warm-up of 500.
 */
async function bareNodemailer(sink: SmtpSink, n: number, sample: ReceivedEmail): Promise<number> {
  const transport = createTransport({ pool: true, url: sink.url, maxConnections: POOL, maxMessages: 10_000 });
  const headers = { 'List-Unsubscribe': sample.headers['list-unsubscribe'], 'List-Unsubscribe-Post': sample.headers['list-unsubscribe-post'] };
  const send = (i: number) =>
    transport.sendMail({ from: 'Acme Status <status@acme.example>', to: `baseline${i}@bench.example`, subject: sample.subject, text: sample.text ?? '', html: sample.html ?? undefined, headers, messageId: `<baseline-${i}@bench.example>` });
  const run = async (from: number, count: number) => {
    let next = from;
    const worker = async () => {
      while (next < from + count) await send(next++);
    };
    await Promise.all(Array.from({ length: 64 }, worker));
  };
  await run(0, 500);
  const before = sink.accepted;
  const t0 = performance.now();
  await run(500, n);
  const seconds = (performance.now() - t0) / 1000;
  transport.close();
  if (sink.accepted - before !== n) throw new Error(`baseline: sink got ${sink.accepted - before} of ${n}`);
  return n / seconds;
}

async function main(): Promise<void> {
  log(`bench/fanout: ${EMAILS} email + ${SMS} SMS subscribers, baseline ${BASELINE} bare nodemailer sends, pool ${POOL}`);
  const db = await createTestDatabase('sitrep_bench');
  const namespace = testNamespace('b');
  // Keeps the first message it receives (what comms sent), for the baseline to send the same.
  const sink = await new SmtpSink({ recordLimit: 1 }).start();
  const twilio = await new TwilioFake({ record: false }).start();
  const sql = new Client({ connectionString: db.url });
  let comms: ChildProcess | null = null;
  const bus = new JetStreamBus({ servers: TEST_NATS_URL, namespace, replicas: 1, name: `${namespace}-bench`, logger: pino({ level: 'silent' }) });
  try {
    log('1/5 migrating and seeding subscribers (INSERT ... SELECT generate_series) …');
    const env = { ...process.env, DATABASE_URL: db.url, NATS_URL: TEST_NATS_URL, SITREP_NAMESPACE: namespace, LOG_LEVEL: 'warn' };
    const migrate = spawn(process.execPath, [join(ROOT, 'tools/run-ts.cjs'), join(ROOT, 'apps/comms/src/migrate.ts')], { cwd: ROOT, env, stdio: 'inherit' });
    if ((await new Promise((ok) => migrate.once('exit', ok))) !== 0) throw new Error('migration failed');
    await sql.connect();
    await seedConfirmedSubscribers(sql, 'email', EMAILS, { domain: 'bench.example' });
    await seedConfirmedSubscribers(sql, 'sms', SMS);
    await sql.query('ANALYZE comms.subscribers');

    log('2/5 starting comms as its own process …');
    const port = await freePort();
    // BENCH_COMMS_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", to profile comms.
    const nodeArgs = (process.env.BENCH_COMMS_NODE_ARGS ?? '').split(' ').filter(Boolean);
    comms = spawn(process.execPath, [...nodeArgs, join(ROOT, 'tools/run-ts.cjs'), join(ROOT, 'apps/comms/src/main.ts')], {
      cwd: ROOT,
      env: {
        ...env,
        SITREP_ADMIN_TOKEN: 'bench-admin-token-0123456789abcdef',
        COMMS_PORT: String(port),
        COMMS_PUBLIC_URL: `http://127.0.0.1:${port}`,
        SMTP_URL: sink.url,
        SMTP_FROM: 'Acme Status <status@acme.example>',
        SMTP_MAX_CONNECTIONS: String(POOL),
        TWILIO_API_URL: twilio.url,
        TWILIO_ACCOUNT_SID: twilio.accountSid,
        TWILIO_AUTH_TOKEN: twilio.authToken,
        TWILIO_FROM: '+15005550006',
      },
      stdio: 'inherit',
    });
    const pid = comms.pid!;
    await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => null))?.status === 200, { timeoutMs: 60_000, what: 'comms to be ready' });
    await bus.start();

    const fanOut = async (channel: 'email' | 'sms', expected: number, count: () => number) => {
      const event = publishedCommunication([channel], { actor: 'bench' });
      const start = count();
      const t0 = performance.now();
      await publishEvent(bus, event);
      let lastLog = 0;
      await waitFor(
        () => {
          const done = count() - start;
          if (performance.now() - lastLog > 5_000) {
            lastLog = performance.now();
            log(`    ${channel}: ${done}/${expected}, comms peak RSS ${peakRssMiB(pid).toFixed(0)} MiB`);
          }
          return done >= expected;
        },
        { timeoutMs: 30 * 60_000, intervalMs: 20, what: `${expected} ${channel} deliveries` },
      );
      const seconds = (performance.now() - t0) / 1000;
      // And the ledger agrees: every row sent, none twice.
      await waitFor(async () => (await sql.query(`SELECT 1 FROM comms.deliveries WHERE communication_id = $1 AND state <> 'sent' LIMIT 1`, [event.data.communicationId])).rowCount === 0, { timeoutMs: 60_000, what: 'rows marked' });
      return { perSecond: expected / seconds, seconds };
    };

    log(`3/5 fan-out to ${EMAILS} email subscribers …`);
    const email = await fanOut('email', EMAILS, () => sink.accepted);
    log(`4/5 baseline: the same message from a bare pooled nodemailer client, ${BASELINE} sends …`);
    const baseline = await bareNodemailer(sink, BASELINE, sink.messages[0]);
    log(`    ${baseline.toFixed(0)} messages/s`);
    log(`5/5 fan-out to ${SMS} SMS subscribers …`);
    const sms = await fanOut('sms', SMS, () => twilio.requestCount);
    const rss = peakRssMiB(pid);
    const duplicates = [...sink.perRecipient.entries()].filter(([to, n]) => n > 1 && to.endsWith('@bench.example') && to.startsWith('user')).length + [...twilio.perRecipient.values()].filter((n) => n > 1).length;

    console.log(
      [
        '',
        `bench/fanout (distributed: comms as its own process, PostgreSQL, NATS JetStream; fakes in the bench process)`,
        `  baseline  bare pooled nodemailer (${POOL} connections), the same message -> SMTP sink: ${baseline.toFixed(0)} messages/s (n=${BASELINE})`,
        `  sitrep    email fan-out, publish -> last message at the sink: ${email.perSecond.toFixed(0)} deliveries/s (n=${EMAILS}, ${email.seconds.toFixed(1)} s)`,
        `  ratio     ${(email.perSecond / baseline).toFixed(2)}x the bare client (goal >= 0.8)`,
        `  sitrep    SMS fan-out to the Twilio fake: ${sms.perSecond.toFixed(0)} deliveries/s (n=${SMS}, ${sms.seconds.toFixed(1)} s)`,
        `  comms     peak RSS ${rss.toFixed(0)} MiB; recipients who got a message twice: ${duplicates}`,
        '',
      ].join('\n'),
    );
  } finally {
    if (comms && comms.exitCode === null) {
      const exited = new Promise((ok) => comms!.once('exit', ok));
      comms.kill('SIGTERM');
      await exited;
    }
    await bus.close().catch(() => undefined);
    await deleteNamespaceStreams(namespace);
    await sql.end().catch(() => undefined);
    await sink.stop();
    await twilio.stop();
    await new Promise((ok) => setTimeout(ok, 500));
    await db.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
