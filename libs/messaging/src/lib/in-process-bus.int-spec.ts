import pino from 'pino';
import { TestDatabase, createTestDatabase, waitFor } from '@sitrep/testing';
import { BusMessage, Disposition } from './event-bus';
import { InProcessBus } from './in-process-bus';

/**
 * Draining is what `npm start` does on Ctrl-C, once per consumer. A consumer asleep (between polls or
 * waiting out a retry) must wake for its own drain, whatever woke it a moment before: the poll here is ten
 * minutes, longer than the test's timeout, so a drain that waited for it would fail the test.
 */
describe('the in-process bus drains its consumers at once', () => {
  const logger = pino({ level: 'silent' });
  const LONG = 600_000;
  let db: TestDatabase;
  let bus: InProcessBus;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  beforeEach(async () => {
    bus = new InProcessBus({ databaseUrl: db.url, logger, pollMs: LONG });
    await bus.start();
  });

  afterEach(async () => {
    await bus.close();
  });

  afterAll(async () => {
    await db.drop();
  });

  const ack = async (): Promise<Disposition> => ({ ack: true });

  it('drains idle consumers one after another', async () => {
    const subscriptions = [];
    for (let i = 0; i < 6; i++) subscriptions.push(await bus.subscribe({ kind: 'durable', name: `idle-${i}`, filter: 'events.>', handle: ack }));
    for (const subscription of subscriptions) await subscription.drain();
  });

  it('drains a consumer waiting out a retry, and its next start gets the message again', async () => {
    const seen: BusMessage[] = [];
    const first = await bus.subscribe({ kind: 'durable', name: 'retrying', filter: 'events.>', handle: async (m) => (seen.push(m), { retryInMs: LONG }) });
    await bus.publish('events.component.created', new TextEncoder().encode('{}'), { msgId: 'one' });
    await waitFor(() => seen.length === 1, { what: 'the first delivery' });
    await first.drain();

    const again = await bus.subscribe({ kind: 'durable', name: 'retrying', filter: 'events.>', handle: async (m) => (seen.push(m), { ack: true }) });
    await waitFor(() => seen.length === 2, { what: 'the delivery after the restart' });
    expect(seen[1].sequence).toBe(seen[0].sequence);
    await again.drain();
  });
});
