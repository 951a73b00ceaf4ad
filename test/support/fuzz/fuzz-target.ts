import { Client } from 'pg';
import { TEST_NATS_URL } from '@sitrep/testing';
import { ADMIN_TOKEN, Cluster, startDistributedCluster } from '../distributed-cluster';
import type { FuzzOptions } from './fuzzer';
import type { KnownIds } from './fuzz-requests';
import { signInWithToken } from './fuzz-sessions';
import { EXTRA_INTERNAL_ROUTES, FuzzRoute, STATUS_PAGE_ROUTES, routesFromOpenApi } from './routes';

async function call<T>(url: string, method: string, body?: unknown, token = ADMIN_TOKEN): Promise<T> {
  const response = await fetch(url, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  if (response.status >= 300) throw new Error(`${method} ${url} answered ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

/** The drafts comms made for the incident (the approval page's ids); comms makes them from events, so wait a little for one. */
async function communicationIds(databaseUrl: string): Promise<string[]> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    for (let attempt = 0; attempt < 50; attempt++) {
      const { rows } = await db.query<{ id: string }>('SELECT id FROM comms.communications');
      if (rows.length) return rows.map((row) => row.id);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return [];
  } finally {
    await db.end();
  }
}

export interface FuzzTarget {
  cluster: Cluster;
  options: Omit<FuzzOptions, 'requests' | 'concurrency' | 'seed'>;
}

/**
 * The three apps as their own processes on real PostgreSQL and NATS, a little data to aim at (a
 * component, an incident, people with tokens of every role, a maintenance), and every route: the two
 * OpenAPI documents, the pages outside them and the status page's documents and forms.
 */
export async function startFuzzTarget(): Promise<FuzzTarget> {
  // Email and SMS configured (to addresses nobody answers), so that comms takes subscriptions instead of
  // answering "no provider configured"; what the delivery workers then fail to send does not matter here.
  const channels = { SMTP_URL: 'smtp://127.0.0.1:9', SMTP_FROM: 'status@example.com', TWILIO_API_URL: 'http://127.0.0.1:9', TWILIO_ACCOUNT_SID: 'ACfuzz', TWILIO_AUTH_TOKEN: 'fuzz-auth-token', TWILIO_FROM: '+15005550006' };
  const cluster = await startDistributedCluster(TEST_NATS_URL, { LOG_LEVEL: 'warn', ...channels });
  const { core, comms } = cluster.urls;
  // The cluster's status page was started before comms' port was known: one that forwards its forms to this comms.
  const { url: statusPage } = await cluster.spawn('status-page', { COMMS_PUBLIC_URL: comms });
  const component = await call<{ id: string }>(`${core}/api/v1/components`, 'POST', { name: 'Checkout API' });
  const incident = await call<{ id: string }>(`${core}/api/v1/incidents`, 'POST', { title: 'Card payments failing', severity: 'P2', componentIds: [component.id] });
  const others: string[] = [];
  const people: string[] = [];
  for (const role of ['responder', 'comms_lead', 'viewer', 'automation']) {
    const person = await call<{ id: string }>(`${core}/api/v1/people`, 'POST', { name: `Fuzz ${role}`, email: `fuzz.${role}@example.com`, roles: [] });
    people.push(person.id);
    others.push((await call<{ token: string }>(`${core}/api/v1/people/${person.id}/tokens`, 'POST', { role })).token);
  }
  // Tokens only there to be revoked from the console (revoking those the fuzzer sends with would change the run).
  const revocable: string[] = [];
  for (let i = 0; i < 3; i++) revocable.push((await call<{ tokenId: string }>(`${core}/api/v1/people/${people[0]}/tokens`, 'POST', { role: 'viewer' })).tokenId);
  for (const role of ['comms_lead', 'viewer']) others.push((await call<{ token: string }>(`${comms}/api/v1/tokens`, 'POST', { role, label: `fuzz ${role}` })).token);
  const maintenance = await call<{ id: string }>(`${core}/api/v1/maintenances`, 'POST', {
    title: 'Database upgrade',
    message: 'Planned upgrade',
    componentIds: [component.id],
    scheduledFor: '2030-01-01T10:00:00Z',
    scheduledUntil: '2030-01-01T12:00:00Z',
  });
  const routes: FuzzRoute[] = [
    ...routesFromOpenApi('incident-core', await call(`${core}/api/docs-json`, 'GET')),
    ...routesFromOpenApi('comms', await call(`${comms}/api/docs-json`, 'GET')),
    ...EXTRA_INTERNAL_ROUTES,
    ...STATUS_PAGE_ROUTES,
  ];
  // Signed in as the admin to the console and to the approval page, so that hostile forms reach their handlers.
  const sessions = { console: await signInWithToken(core, '/console', ADMIN_TOKEN), approvals: await signInWithToken(comms, '/approvals', ADMIN_TOKEN) };
  const communication = await communicationIds(cluster.db.url);
  const ids: KnownIds = { incident: [incident.id], component: [component.id], person: people, other: [maintenance.id, '1', '0'], communication, token: revocable };
  return {
    cluster,
    options: { urls: { 'incident-core': core, comms, 'status-page': statusPage }, routes, ids, tokens: { admin: ADMIN_TOKEN, others }, sessions, databaseUrl: cluster.db.url, schemas: ['core', 'comms'] },
  };
}

/** Lines the apps logged about unhandled errors (each a 500 the fuzzer should also have seen). */
export function unhandledErrorLines(cluster: Cluster): string[] {
  return [cluster.core, cluster.comms, cluster.statusPage].flatMap((p) => p.output.split('\n').filter((line) => line.includes('"unhandled error"')));
}
