import { randomUUID } from 'node:crypto';
import { connect } from 'nats';
import { Channel, PublishedCommunication, SitrepEvent, createEvent, encodeEvent, eventSubject } from '@sitrep/contracts';
import { TEST_NATS_URL } from './test-database';

/**
 * The set-up the fan-out tests and benchmarks share: subscribers seeded in one statement, a published
 * communication as comms receives it from the approval queue, the environment of a comms process pointed
 * at the SMTP sink, and the test namespace's streams removed afterwards.
 */

interface Sql {
  query(text: string, params?: unknown[]): Promise<unknown>;
}

/**
 * `count` confirmed subscribers to every component, with one INSERT ... SELECT generate_series: email ones
 * are user<n>@<domain>, SMS ones +1 <area code> and seven digits (US numbers the fakes accept).
 */
export async function seedConfirmedSubscribers(sql: Sql, channel: 'email' | 'sms', count: number, options: { domain?: string; areaCode?: string } = {}): Promise<void> {
  if (channel === 'email') {
    await sql.query(
      `INSERT INTO comms.subscribers (channel, destination, state, all_components, requested_all_components, confirmed_at)
       SELECT 'email', 'user' || g || '@' || $2, 'confirmed', true, true, now() FROM generate_series(1, $1::int) AS g`,
      [count, options.domain ?? 'fanout.example'],
    );
  } else {
    await sql.query(
      `INSERT INTO comms.subscribers (channel, destination, country, state, all_components, requested_all_components, confirmed_at)
       SELECT 'sms', '+1' || $2 || lpad(g::text, 7, '0'), 'US', 'confirmed', true, true, now() FROM generate_series(1, $1::int) AS g`,
      [count, options.areaCode ?? '415'],
    );
  }
}

/** communication.published for an initial notice of a card-payments incident, on the given channels besides the page. */
export function publishedCommunication(
  channels: Channel[],
  options: { over?: Partial<PublishedCommunication>; incidentId?: string | null; actor?: string } = {},
): SitrepEvent<'communication.published'> {
  return createEvent(
    'communication.published',
    {
      communicationId: randomUUID(),
      kind: 'initial',
      publishedAt: new Date().toISOString(),
      subject: 'incident',
      title: 'Card payments failing',
      status: 'investigating',
      impact: 'critical',
      body: 'We are investigating failed card payments.',
      components: [],
      channels: ['status_page', ...channels],
      scheduledFor: null,
      scheduledUntil: null,
      ...options.over,
    },
    { actor: { kind: 'system', id: options.actor ?? 'test' }, incidentId: options.incidentId ?? null },
  );
}

/** Publishes an event on a bus as incident-core's relay would (the event id as the message id). */
export async function publishEvent(bus: { publish(subject: string, data: Uint8Array, options: { msgId: string }): Promise<void> }, event: SitrepEvent): Promise<void> {
  await bus.publish(eventSubject(event.type), encodeEvent(event), { msgId: event.id });
}

/** What a comms process needs to run against the test's database and NATS namespace, sending email to the sink. */
export function commsProcessEnv(options: { databaseUrl: string; namespace: string; port: number; smtpUrl: string; adminToken: string }): Record<string, string> {
  return {
    DATABASE_URL: options.databaseUrl,
    NATS_URL: TEST_NATS_URL,
    SITREP_NAMESPACE: options.namespace,
    SITREP_ADMIN_TOKEN: options.adminToken,
    COMMS_PORT: String(options.port),
    COMMS_PUBLIC_URL: `http://127.0.0.1:${options.port}`,
    SMTP_URL: options.smtpUrl,
    SMTP_FROM: 'Acme Status <status@acme.example>',
  };
}

/** Removes the streams a JetStream bus made for a test namespace (events and dead letters). */
export async function deleteNamespaceStreams(namespace: string): Promise<void> {
  const nc = await connect({ servers: TEST_NATS_URL });
  const jsm = await nc.jetstreamManager();
  for (const stream of [`${namespace.toUpperCase()}_EVENTS`, `${namespace.toUpperCase()}_DEAD_LETTERS`]) await jsm.streams.delete(stream).catch(() => undefined);
  await nc.close();
}
