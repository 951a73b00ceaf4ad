import { randomUUID } from 'node:crypto';
import { publishEvent, publishedCommunication, seedConfirmedSubscribers, waitFor } from '@sitrep/testing';
import { SmtpSink } from '@sitrep/vendor-fakes';
import { CommsUnderTest } from '../support/comms-under-test';

jest.setTimeout(300_000);

const SUBSCRIBERS = 10_000;
const CONCURRENCY = 16;

/**
 * The fan-out survives kill -9. 10,000 confirmed email subscribers (seeded with one INSERT ... SELECT
 * generate_series), comms processes against real PostgreSQL and NATS JetStream, the SMTP sink in this
 * process. A comms process is killed with SIGKILL in the middle of the fan-out; afterwards every
 * subscriber has exactly one delivery row, marked sent, and exactly one message in their mailbox.
 *
 * "In their mailbox" counts distinct Message-IDs per recipient, as mailbox providers do: SMTP has no
 * two-phase commit (RFC 1047), so a message whose "250 OK" arrived just before the kill, and whose row
 * had not been marked yet, goes out again after the lease, under the same Message-ID. The raw SMTP
 * transactions are counted too, and such resends are bounded by what one process had in flight.
 */
describe('exactly-once fan-out across kill -9', () => {
  const comms = new CommsUnderTest('comms-fanout-admin-token-0123456789');
  const startComms = (sink: SmtpSink, name: string) =>
    comms.startComms(sink, name, { DELIVERY_CONCURRENCY: String(CONCURRENCY), DELIVERY_LEASE_MS: '3000', DELIVERY_POLL_MS: '100' }, 60_000);
  const deliveryStates = (communicationId: string) => comms.deliveryStates(communicationId);

  async function publishCommunication(): Promise<string> {
    const communicationId = randomUUID();
    await publishEvent(comms.bus, publishedCommunication(['email'], { over: { communicationId, title: `Card payments failing ${communicationId.slice(0, 8)}` } }));
    return communicationId;
  }

  /** Every confirmed subscriber: one row, sent; one Message-ID in the mailbox. Returns the raw resends. */
  async function expectExactlyOnce(sink: SmtpSink, communicationId: string): Promise<number> {
    await waitFor(async () => (await deliveryStates(communicationId)).sent === SUBSCRIBERS, { what: 'every delivery marked sent', timeoutMs: 120_000, intervalMs: 500 });
    const rows = (await comms.sql.query<{ n: number; distinct_subscribers: number }>(`SELECT count(*)::int AS n, count(DISTINCT subscriber_id)::int AS distinct_subscribers FROM comms.deliveries WHERE communication_id = $1`, [communicationId])).rows[0];
    expect(rows).toEqual({ n: SUBSCRIBERS, distinct_subscribers: SUBSCRIBERS });
    expect(await deliveryStates(communicationId)).toEqual({ sent: SUBSCRIBERS });
    let resends = 0;
    const notExactlyOnce: string[] = [];
    for (let i = 1; i <= SUBSCRIBERS; i++) {
      const address = `user${i}@fanout.example`;
      if ((sink.messageIdsPerRecipient.get(address)?.size ?? 0) !== 1) notExactlyOnce.push(`${address}: ${sink.messageIdsPerRecipient.get(address)?.size ?? 0}`);
      resends += (sink.perRecipient.get(address) ?? 0) - 1;
    }
    expect(notExactlyOnce).toEqual([]);
    // Nobody unconfirmed or unsubscribed got anything.
    for (const address of ['pending1@fanout.example', 'pending500@fanout.example', 'gone1@fanout.example', 'gone500@fanout.example']) expect(sink.perRecipient.get(address)).toBeUndefined();
    expect(resends).toBeLessThanOrEqual(2 * CONCURRENCY);
    return resends;
  }

  beforeAll(async () => {
    await comms.setUp(60_000);
    // One statement per state: 10,000 confirmed, and 1,000 who must get nothing.
    await seedConfirmedSubscribers(comms.sql, 'email', SUBSCRIBERS);
    await comms.sql.query(`INSERT INTO comms.subscribers (channel, destination, state) SELECT 'email', 'pending' || g || '@fanout.example', 'pending' FROM generate_series(1, 500) AS g`);
    await comms.sql.query(
      `INSERT INTO comms.subscribers (channel, destination, state, confirmed_at, unsubscribed_at) SELECT 'email', 'gone' || g || '@fanout.example', 'unsubscribed', now(), now() FROM generate_series(1, 500) AS g`,
    );
  });

  afterAll(() => comms.tearDown());

  it('sends each of 10,000 subscribers exactly one email when the only comms process is killed mid-way and restarted', async () => {
    const sink = await new SmtpSink({ record: false }).start();
    try {
      const first = await startComms(sink, 'comms-a');
      const communicationId = await publishCommunication();
      await sink.waitForCount(3_000, 120_000);
      await first.stop('SIGKILL');
      const atKill = sink.accepted;
      expect(atKill).toBeLessThan(SUBSCRIBERS);
      await startComms(sink, 'comms-a-restarted');
      const resends = await expectExactlyOnce(sink, communicationId);
      console.log(`kill -9 after ${atKill} of ${SUBSCRIBERS} sent; raw SMTP resends after the restart: ${resends}`);
    } finally {
      // Each test's comms processes go with its sink: a survivor would keep claiming the next test's rows.
      await comms.killComms();
      await sink.stop();
    }
  });

  it('shares one fan-out between two comms processes without sending twice, and finishes it when one is killed', async () => {
    const sink = await new SmtpSink({ record: false }).start();
    try {
      const [a, b] = [await startComms(sink, 'comms-b1'), await startComms(sink, 'comms-b2')];
      void b;
      const communicationId = await publishCommunication();
      await sink.waitForCount(3_000, 120_000);
      await a.stop('SIGKILL');
      const resends = await expectExactlyOnce(sink, communicationId);
      const workers = (await comms.sql.query<{ worker: string; n: number }>(`SELECT split_part(claimed_by, ':', 1) AS worker, count(*)::int AS n FROM comms.deliveries WHERE communication_id = $1 GROUP BY 1`, [communicationId])).rows;
      expect(workers.map((w) => w.worker).sort()).toEqual(['comms-b1', 'comms-b2']);
      console.log(`two processes: ${workers.map((w) => `${w.worker} sent ${w.n}`).join(', ')}; raw SMTP resends: ${resends}`);
    } finally {
      // Each test's comms processes go with its sink: a survivor would keep claiming the next test's rows.
      await comms.killComms();
      await sink.stop();
    }
  });
});
