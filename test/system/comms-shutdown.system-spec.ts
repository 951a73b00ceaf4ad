import { publishEvent, publishedCommunication, seedConfirmedSubscribers, waitFor } from '@sitrep/testing';
import { SmtpSink } from '@sitrep/vendor-fakes';
import { CommsUnderTest } from '../support/comms-under-test';

jest.setTimeout(300_000);

const SUBSCRIBERS = 400;

/**
 * SIGTERM in the middle of a fan-out, with a slow SMTP server: comms stops claiming, finishes the sends in
 * flight and records them before it closes its database. Every message the SMTP server accepted is
 * marked sent when the process has exited, and the restarted process sends nobody a second one.
 */
describe('comms drains on SIGTERM', () => {
  const comms = new CommsUnderTest('comms-shutdown-admin-token-0123456789');
  const startComms = (sink: SmtpSink, name: string) =>
    comms.startComms(
      sink,
      name,
      {
        DELIVERY_CONCURRENCY: '8',
        // Far longer than the test: a send left unrecorded would not come back by lease expiry and be hidden.
        DELIVERY_LEASE_MS: '600000',
        DELIVERY_POLL_MS: '100',
      },
      100_000,
    );
  const deliveryStates = (communicationId: string) => comms.deliveryStates(communicationId);

  beforeAll(async () => {
    await comms.setUp(100_000);
    await seedConfirmedSubscribers(comms.sql, 'email', SUBSCRIBERS, { domain: 'drain.example' });
  }, 200_000);

  afterAll(() => comms.tearDown());

  it('records every send it made before exiting, and nothing goes out twice after the restart', async () => {
    const sink = await new SmtpSink({ record: false, acceptDelayMs: 250 }).start();
    try {
      const first = await startComms(sink, 'comms-drain-a');
      const event = publishedCommunication(['email']);
      const { communicationId } = event.data;
      await publishEvent(comms.bus, event);
      await sink.waitForCount(40, 120_000);

      expect(await first.stop('SIGTERM')).toBe(0);
      const accepted = sink.accepted;
      expect(accepted).toBeLessThan(SUBSCRIBERS);
      expect(first.output).not.toContain('could not record delivery outcomes');
      // Every message the SMTP server answered 250 is on the ledger as sent; nothing is left mid-send.
      const atExit = await deliveryStates(communicationId);
      expect(atExit.sent).toBe(accepted);
      expect(atExit.sending ?? 0).toBe(0);

      await startComms(sink, 'comms-drain-b');
      await waitFor(async () => (await deliveryStates(communicationId)).sent === SUBSCRIBERS, { what: 'every delivery sent after the restart', timeoutMs: 150_000, intervalMs: 500 });
      const twice = [...sink.perRecipient.entries()].filter(([, n]) => n !== 1);
      expect(twice).toEqual([]);
      expect(sink.perRecipient.size).toBe(SUBSCRIBERS);
    } finally {
      await comms.killComms();
      await sink.stop();
    }
  });
});
