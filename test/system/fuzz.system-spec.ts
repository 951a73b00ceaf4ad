import { fuzz, reportAsMarkdown } from '../support/fuzz/fuzzer';
import { FuzzTarget, startFuzzTarget, unhandledErrorLines } from '../support/fuzz/fuzz-target';

/**
 * The fuzzer in CI size: a few thousand mutated requests over every route of the three apps (run as
 * processes on real PostgreSQL and NATS). `npm run fuzz` is the full run (100,000 requests).
 */
describe('fuzzing every route with hostile input', () => {
  let target: FuzzTarget;

  beforeAll(async () => {
    target = await startFuzzTarget();
  }, 180_000);

  afterAll(async () => {
    await target?.cluster.stop();
  });

  it('gets no 5xx, keeps every process up, and stores nothing from a refused request', async () => {
    const requests = Number(process.env.FUZZ_CI_REQUESTS ?? 4000);
    const report = await fuzz({ ...target.options, requests, concurrency: 8, seed: Number(process.env.FUZZ_SEED ?? 20261129) });
    process.stderr.write(`${reportAsMarkdown(report)}\n- drafts on the approval page to aim at: ${target.options.ids.communication?.length ?? 0}\n`);
    expect(report.requests).toBe(requests);
    expect(report.routes).toBeGreaterThan(60);
    // Every route was hit, and most requests were refused (the input is hostile) rather than failing.
    for (const [route, figures] of Object.entries(report.perRoute)) expect({ route, hit: figures.requests > 0 }).toEqual({ route, hit: true });
    expect(report.serverErrorSamples.map((e) => `${e.status} ${e.route} ${e.url.slice(0, 80)} ${e.body.replace(/\s+/g, ' ').slice(0, 160)}`)).toEqual([]);
    expect(report.serverErrors).toBe(0);
    expect(report.transportErrorSamples.map((e) => `${e.route} ${e.url.slice(0, 80)} ${e.bodyBytes} bytes: ${e.error}`)).toEqual([]);
    expect(report.storedFromRefused).toEqual([]);
    expect(report.csrfNotRefused).toEqual([]);
    // The console and the approval page were reached signed in, and their command forms were done, not only refused.
    const signedIn = Object.entries(report.perRoute).filter(([route]) => route.endsWith('(signed in)'));
    expect(signedIn.length).toBeGreaterThan(10);
    const commandsAnswered = signedIn.filter(([route]) => route.includes('/commands/')).reduce((sum, [, figures]) => sum + (figures.byClass['3xx'] ?? 0), 0);
    expect(commandsAnswered).toBeGreaterThan(0);
    expect(report.markersFoundFromSignedInRedirects).toBeGreaterThan(0);
    expect(report.markersFoundFromAccepted).toBeGreaterThan(0);
    expect(unhandledErrorLines(target.cluster)).toEqual([]);
    for (const p of [target.cluster.core, target.cluster.comms, target.cluster.statusPage]) expect(p.running).toBe(true);
  }, 600_000);
});
