import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { systemClock } from '@sitrep/clock';
import { loadCommsConfig } from '../../config/comms-config';
import type { RunningService } from '@sitrep/platform';
import { freePort, publishedCommunication, seedConfirmedSubscribers, waitFor } from '@sitrep/testing';
import { startComms } from '../start-comms';
import { CommsWithFakes } from '../../testing/comms-with-fakes';

const SUBSCRIBERS = 120;
const LIMIT = 20;

/** The most messages the fake received within any one second (a sliding window over their arrival times). */
function busiestSecond(arrivals: number[]): number {
  const sorted = [...arrivals].sort((a, b) => a - b);
  let most = 0;
  for (let first = 0, last = 0; last < sorted.length; last++) {
    while (sorted[last] - sorted[first] >= 1_000) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

describe('a vendor rate limit holds for all comms processes together', () => {
  // Twilio alone (no fallback), so every text goes through the one limited provider.
  const comms = new CommsWithFakes({ SMS_PER_SECOND: String(LIMIT), SMS_FALLBACK_API_URL: '', SMS_FALLBACK_API_KEY: '', SMS_FALLBACK_API_SECRET: '', SMS_FALLBACK_FROM: '' });
  let second: RunningService | null = null;

  beforeAll(async () => {
    await comms.setUp();
    const port = await freePort();
    const config = loadCommsConfig({ ...comms.envVars(), COMMS_PORT: String(port), SITREP_INSTANCE_ID: 'comms-b' });
    second = await startComms({ config, databaseUrl: comms.db.url, bus: comms.bus, logger: pino({ level: 'silent' }), clock: systemClock, migrateOnStart: false, port });
  });

  afterAll(async () => {
    await second?.stop();
    await comms.tearDown();
  });

  it(`two replicas with SMS_PER_SECOND=${LIMIT} never send more than ${LIMIT} texts in any second, each subscriber once`, async () => {
    await seedConfirmedSubscribers(comms, 'sms', SUBSCRIBERS);
    const before = comms.twilio.messages.length;
    await comms.publish(publishedCommunication(['sms'], { incidentId: randomUUID() }));
    await waitFor(() => comms.twilio.messages.length - before >= SUBSCRIBERS, { what: `${SUBSCRIBERS} texts at the Twilio fake`, timeoutMs: 60_000 });
    // Nothing more arrives afterwards (no duplicates still in flight).
    await new Promise((ok) => setTimeout(ok, 1_500));
    const texts = comms.twilio.messages.slice(before);
    expect(texts).toHaveLength(SUBSCRIBERS);
    expect(new Set(texts.map((t) => t.to)).size).toBe(SUBSCRIBERS);
    expect(busiestSecond(texts.map((t) => t.createdAt.getTime()))).toBeLessThanOrEqual(LIMIT);
    // Both replicas sent: the limit was shared, not merely held by one process doing all the work.
    const senders = await comms.query<{ worker: string; n: number }>(
      `SELECT split_part(claimed_by, ':', 1) AS worker, count(*)::int AS n FROM comms.deliveries WHERE channel = 'sms' AND state = 'sent' GROUP BY 1`,
    );
    expect(senders.length).toBe(2);
  });

  it('a Retry-After from the vendor pauses every replica', async () => {
    comms.twilio.failNext({ status: 429, retryAfterSeconds: 2 });
    const started = Date.now();
    await seedConfirmedSubscribers(comms, 'sms', 10, { areaCode: '416' });
    const before = comms.twilio.messages.length;
    await comms.publish(publishedCommunication([], { over: { kind: 'update', status: 'identified', body: 'We found the cause.', channels: ['sms'] }, incidentId: randomUUID() }));
    const total = SUBSCRIBERS + 10;
    await waitFor(() => comms.twilio.messages.length - before >= total, { what: `${total} texts after the pause`, timeoutMs: 60_000 });
    const pauses = await comms.query<{ provider: string; until: Date }>(`SELECT provider, paused_until AS until FROM comms.provider_send_pace WHERE provider = 'twilio' AND paused_until > 'epoch'`);
    expect(pauses.map((p) => p.provider)).toEqual(['twilio']);
    // Sends already under way when the 429 came may land just after it; from then until the pause ends, neither replica sends.
    const after = comms.twilio.messages.slice(before).map((m) => m.createdAt.getTime());
    const pauseEnds = pauses[0].until.getTime();
    expect(pauseEnds).toBeGreaterThan(started + 1_500);
    expect(after.filter((at) => at > pauseEnds - 1_500 && at < pauseEnds - 50)).toEqual([]);
  });
});
