/**
 * The full fuzz run, by hand: FUZZ_REQUESTS (100,000 by default) mutated requests over every route of
 * the three apps, run as their own processes on real PostgreSQL and NATS (as for npm test). Prints the
 * figures as Markdown (they go into docs/security.md) and exits 1 on any 5xx, transport error or
 * anything stored from a refused request.
 *
 *   npm run fuzz                      FUZZ_REQUESTS=100000 FUZZ_CONCURRENCY=16 FUZZ_SEED=20261129 (FUZZ_MAX_SECONDS: a time budget)
 */
import { fuzz, reportAsMarkdown } from '../../test/support/fuzz/fuzzer';
import { startFuzzTarget, unhandledErrorLines } from '../../test/support/fuzz/fuzz-target';

const log = (text: string) => process.stderr.write(`${text}\n`);

async function main(): Promise<void> {
  const requests = Number(process.env.FUZZ_REQUESTS ?? 100_000);
  const concurrency = Number(process.env.FUZZ_CONCURRENCY ?? 16);
  const seed = Number(process.env.FUZZ_SEED ?? 20261129);
  const maxSeconds = process.env.FUZZ_MAX_SECONDS ? Number(process.env.FUZZ_MAX_SECONDS) : undefined;
  log('starting incident-core, comms and status-page as processes …');
  const target = await startFuzzTarget();
  try {
    log(`fuzzing ${target.options.routes.length} routes with ${requests} requests, ${concurrency} at a time (seed ${seed}) …`);
    const report = await fuzz({ ...target.options, requests, concurrency, seed, maxSeconds }, log);
    const unhandled = unhandledErrorLines(target.cluster);
    const alive = [target.cluster.core, target.cluster.comms, target.cluster.statusPage].every((p) => p.running);
    console.log(reportAsMarkdown(report));
    console.log(`\n- unhandled errors logged by the apps: ${unhandled.length}; all processes still running: ${alive}`);
    for (const sample of report.serverErrorSamples) log(`5xx: ${sample.status} ${sample.route} ${sample.url} ${sample.body.slice(0, 200)}`);
    for (const sample of report.transportErrorSamples) log(`transport: ${sample.route} ${sample.url} (${sample.bodyBytes} bytes): ${sample.error}`);
    for (const stored of report.storedFromRefused) log(`stored from a refused request: ${JSON.stringify(stored)}`);
    for (const sample of report.csrfNotRefused.slice(0, 20)) log(`not refused without the session's CSRF token: ${JSON.stringify(sample)}`);
    const failed = report.serverErrors > 0 || report.transportErrors > 0 || report.storedFromRefused.length > 0 || report.csrfNotRefused.length > 0 || unhandled.length > 0 || !alive;
    process.exitCode = failed ? 1 : 0;
  } finally {
    await target.cluster.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
