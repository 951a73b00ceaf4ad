import { Client } from 'pg';
import { prng } from './hostile-values';
import { FuzzRequest, KnownIds, fuzzRequest } from './fuzz-requests';
import type { FuzzRoute } from './routes';
import type { FuzzSessions } from './fuzz-sessions';

export interface FuzzOptions {
  urls: Record<FuzzRoute['service'], string>;
  routes: FuzzRoute[];
  requests: number;
  concurrency: number;
  seed: number;
  ids: KnownIds;
  tokens: { admin: string; others: string[] };
  /** Signed-in sessions for the routes behind a cookie session (console, approval page). */
  sessions?: FuzzSessions;
  databaseUrl: string;
  /** Schemas searched for markers of refused requests. */
  schemas: string[];
  /** Stop sending after this long even if fewer than `requests` were sent (the report says how many were). */
  maxSeconds?: number;
}

export interface RouteFigures {
  requests: number;
  byClass: Record<string, number>;
  /** Time spent waiting for this route's answers, and the longest single wait. */
  totalMs: number;
  maxMs: number;
}

export interface FuzzReport {
  requestsPlanned: number;
  requests: number;
  durationSeconds: number;
  byStatus: Record<string, number>;
  serverErrors: number;
  /** 503s that say why on purpose (readiness, an integration not configured): counted, not failures. */
  deliberateUnavailable: number;
  serverErrorSamples: { route: string; url: string; status: number; body: string }[];
  transportErrors: number;
  transportErrorSamples: { route: string; url: string; error: string; bodyBytes: number }[];
  routes: number;
  perRoute: Record<string, RouteFigures>;
  /** Markers of refused (non-2xx) requests found in the database afterwards: must be empty. */
  storedFromRefused: { marker: string; route: string; status: number; table: string }[];
  markersFoundFromAccepted: number;
  /** Markers of signed-in form posts answered with a redirect found in the database (forms the console or the approval page did). */
  markersFoundFromSignedInRedirects: number;
  /** Signed-in form posts with a wrong or missing CSRF token that were not refused (4xx): must be empty. */
  csrfNotRefused: { route: string; url: string; status: number }[];
}

const routeKey = (r: FuzzRoute) => `${r.service} ${r.method} ${r.path}`;

async function send(urls: FuzzOptions['urls'], request: FuzzRequest): Promise<{ status: number; body: string } | { error: string }> {
  try {
    const response = await fetch(`${urls[request.route.service]}${request.url}`, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(30_000),
    });
    const body = await response.text();
    return { status: response.status, body };
  } catch (error) {
    const e = error as Error & { cause?: { code?: string; message?: string } };
    return { error: `${e.name}: ${e.message}${e.cause ? ` (${e.cause.code ?? ''} ${e.cause.message ?? ''})` : ''}` };
  }
}

/**
 * Sends `requests` mutated requests spread over every route, `concurrency` at a time, and reports what
 * came back; then searches the database for anything a refused request left behind (every string a
 * request sends carries its marker, fz<seq>q).
 */
export async function fuzz(options: FuzzOptions, progress: (text: string) => void = () => undefined): Promise<FuzzReport> {
  const random = prng(options.seed);
  const perRoute: Record<string, RouteFigures> = {};
  const byStatus: Record<string, number> = {};
  const statusOfMarker = new Map<string, { status: number; route: string }>();
  const report: FuzzReport = { requestsPlanned: options.requests, requests: 0, durationSeconds: 0, byStatus, serverErrors: 0, deliberateUnavailable: 0, serverErrorSamples: [], transportErrors: 0, transportErrorSamples: [], routes: options.routes.length, perRoute, storedFromRefused: [], markersFoundFromAccepted: 0, markersFoundFromSignedInRedirects: 0, csrfNotRefused: [] };
  const signedInRedirects = new Set<string>();
  const started = process.hrtime.bigint();
  let next = 0;
  const deadline = options.maxSeconds ? Date.now() + options.maxSeconds * 1000 : Infinity;
  const worker = async () => {
    for (;;) {
      const seq = next++;
      if (seq >= options.requests || Date.now() > deadline) return;
      // Round-robin over the routes, so that every route gets its share whatever the random draws.
      const route = options.routes[seq % options.routes.length];
      const request = fuzzRequest(route, random, seq, options.ids, options.tokens, options.sessions);
      // Signed-in requests have their own row, so that the table shows what got past the session check.
      const key = `${routeKey(route)}${request.signedIn ? ' (signed in)' : ''}`;
      const figures = (perRoute[key] ??= { requests: 0, byClass: {}, totalMs: 0, maxMs: 0 });
      figures.requests++;
      const sentAt = performance.now();
      const outcome = await send(options.urls, request);
      const ms = performance.now() - sentAt;
      figures.totalMs += ms;
      figures.maxMs = Math.max(figures.maxMs, ms);
      report.requests++;
      if ('error' in outcome) {
        report.transportErrors++;
        figures.byClass.error = (figures.byClass.error ?? 0) + 1;
        statusOfMarker.set(request.marker, { status: 0, route: key });
        if (report.transportErrorSamples.length < 20) report.transportErrorSamples.push({ route: key, url: request.url.slice(0, 200), error: outcome.error, bodyBytes: request.body ? Buffer.byteLength(request.body) : 0 });
        continue;
      }
      byStatus[outcome.status] = (byStatus[outcome.status] ?? 0) + 1;
      const klass = `${String(outcome.status)[0]}xx`;
      figures.byClass[klass] = (figures.byClass[klass] ?? 0) + 1;
      // A signed-in form post is answered with a redirect whether it was done or refused (the flash says which),
      // so its markers are neither accepted nor refused: they are left out of the check below.
      if (request.signedIn === 'valid' && outcome.status >= 300 && outcome.status < 400) signedInRedirects.add(request.marker);
      else statusOfMarker.set(request.marker, { status: outcome.status, route: key });
      if ((request.signedIn === 'wrong' || request.signedIn === 'missing') && (outcome.status < 400 || outcome.status >= 500)) report.csrfNotRefused.push({ route: key, url: request.url.slice(0, 200), status: outcome.status });
      // Deliberate 503s are not failures: readiness saying "not ready", and an integration the deployment has not configured (Jira).
      const deliberate = outcome.status === 503 && (key.includes('/health/ready') || /is not configured/.test(outcome.body));
      if (deliberate) report.deliberateUnavailable++;
      else if (outcome.status >= 500) {
        report.serverErrors++;
        if (report.serverErrorSamples.length < 30) report.serverErrorSamples.push({ route: key, url: request.url.slice(0, 200), status: outcome.status, body: outcome.body.slice(0, 300) });
      }
      if (report.requests % 10_000 === 0) progress(`${report.requests} requests, ${report.serverErrors} 5xx`);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  report.durationSeconds = Number(process.hrtime.bigint() - started) / 1e9;

  const db = new Client({ connectionString: options.databaseUrl });
  await db.connect();
  try {
    const { rows: tables } = await db.query<{ schema: string; name: string }>(
      `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables WHERE table_schema = ANY($1) AND table_type = 'BASE TABLE'`,
      [options.schemas],
    );
    for (const table of tables) {
      const { rows } = await db.query<{ marker: string }>(`SELECT DISTINCT m[1] AS marker FROM "${table.schema}"."${table.name}" t, regexp_matches(t::text, 'fz([0-9]+)q', 'g') AS m`);
      for (const { marker } of rows) {
        // Not counted from session tables: there it is the one-time message (flash), which a refusal sets too.
        if (signedInRedirects.has(`fz${marker}q`) && !table.name.endsWith('sessions')) report.markersFoundFromSignedInRedirects++;
        const sent = statusOfMarker.get(`fz${marker}q`);
        if (!sent) continue;
        if (sent.status >= 200 && sent.status < 300) report.markersFoundFromAccepted++;
        else report.storedFromRefused.push({ marker: `fz${marker}q`, route: sent.route, status: sent.status, table: `${table.schema}.${table.name}` });
      }
    }
  } finally {
    await db.end();
  }
  return report;
}

/** The report's figures as a Markdown table, for docs/security.md. */
export function reportAsMarkdown(report: FuzzReport): string {
  const lines = [
    `- requests: ${report.requests} (of ${report.requestsPlanned} planned) over ${report.routes} routes, ${report.durationSeconds.toFixed(1)} s (${(report.requests / Math.max(report.durationSeconds, 0.001)).toFixed(0)} requests/s)`,
    `- responses 5xx: ${report.serverErrors} (besides ${report.deliberateUnavailable} deliberate 503s: readiness, an integration not configured); transport errors: ${report.transportErrors}`,
    `- by status: ${Object.entries(report.byStatus).sort(([a], [b]) => Number(a) - Number(b)).map(([s, n]) => `${s}: ${n}`).join(', ')}`,
    `- refused requests whose marker was found in the database: ${report.storedFromRefused.length} (markers of accepted requests found: ${report.markersFoundFromAccepted})`,
    `- signed-in form posts with a wrong or missing CSRF token not refused: ${report.csrfNotRefused.length}; markers of signed-in form posts answered by redirect found in the database: ${report.markersFoundFromSignedInRedirects}`,
    '',
    '| route | requests | 2xx | 3xx | 4xx | 5xx | mean ms | max ms |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...Object.entries(report.perRoute)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([route, f]) => `| \`${route}\` | ${f.requests} | ${f.byClass['2xx'] ?? 0} | ${f.byClass['3xx'] ?? 0} | ${f.byClass['4xx'] ?? 0} | ${f.byClass['5xx'] ?? 0} | ${(f.totalMs / Math.max(1, f.requests)).toFixed(1)} | ${f.maxMs.toFixed(0)} |`),
  ];
  return lines.join('\n');
}
