import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { freePort } from '@sitrep/testing';
import { TwilioFake, VonageFake } from '@sitrep/vendor-fakes';
import { DeliveryFailure } from './channel-adapter';
import { TwilioSmsAdapter } from './twilio-sms.adapter';
import { VonageSmsAdapter } from './vonage-sms.adapter';

/** A server that takes the request and never answers: the vendor that hangs. */
async function silentServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer(() => undefined);
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((ok) => {
      server.closeAllConnections();
      server.close(() => ok());
    }),
  };
}

describe('SMS adapters over kept-alive node:http connections', () => {
  let twilio: TwilioFake;
  let vonage: VonageFake;

  beforeAll(async () => {
    twilio = await new TwilioFake().start();
    vonage = await new VonageFake().start();
  });
  afterAll(async () => {
    await twilio.stop();
    await vonage.stop();
  });

  it('sends Twilio exactly the form it expects, with Basic auth, and reads the message sid', async () => {
    const adapter = new TwilioSmsAdapter({ apiUrl: twilio.url, accountSid: twilio.accountSid, authToken: twilio.authToken, from: '+15005550006' });
    try {
      const receipts = await Promise.all([1, 2, 3].map((i) => adapter.send({ to: `+1415555000${i}`, body: `Outage ${i}. Reply STOP to unsubscribe.`, statusCallbackUrl: 'https://comms.example/api/v1/webhooks/twilio/status' })));
      expect(receipts.every((r) => r.provider === 'twilio' && /^SM/.test(r.providerMessageId ?? ''))).toBe(true);
      const request = twilio.requests.find((r) => r.form.To === '+14155550002')!;
      expect(request.path).toBe(`/2010-04-01/Accounts/${twilio.accountSid}/Messages.json`);
      expect(request.headers.authorization).toBe(`Basic ${Buffer.from(`${twilio.accountSid}:${twilio.authToken}`).toString('base64')}`);
      expect(request.form).toEqual({ To: '+14155550002', From: '+15005550006', Body: 'Outage 2. Reply STOP to unsubscribe.', StatusCallback: 'https://comms.example/api/v1/webhooks/twilio/status' });
      expect((await adapter.check()).ok).toBe(true);
    } finally {
      await adapter.close();
    }
  });

  it('reads a 429 with its Retry-After, and a bad number as permanent', async () => {
    const adapter = new TwilioSmsAdapter({ apiUrl: twilio.url, accountSid: twilio.accountSid, authToken: twilio.authToken, from: '+15005550006' });
    try {
      twilio.failNext({ status: 429, retryAfterSeconds: 7 });
      await expect(adapter.send({ to: '+14155550010', body: 'x' })).rejects.toMatchObject({ kind: 'transient', scope: 'provider', retryAfterMs: 7_000 });
      twilio.failNext({ status: 400 });
      await expect(adapter.send({ to: '+14155550011', body: 'x' })).rejects.toMatchObject({ kind: 'permanent', scope: 'recipient' });
    } finally {
      await adapter.close();
    }
  });

  it('gives up on a vendor that does not answer, as possibly sent', async () => {
    const hanging = await silentServer();
    const adapter = new TwilioSmsAdapter({ apiUrl: hanging.url, accountSid: 'AC1', authToken: 't', from: '+15005550006', timeoutMs: 300 });
    try {
      const failure: DeliveryFailure = await adapter.send({ to: '+14155550012', body: 'x' }).then(() => { throw new Error('sent'); }, (error: DeliveryFailure) => error);
      expect(failure).toMatchObject({ kind: 'transient', ambiguous: true, message: 'twilio unreachable: timed out' });
    } finally {
      await adapter.close();
      await hanging.close();
    }
  });

  it('knows a refused connection sent nothing, so failing over is safe', async () => {
    const port = await freePort();
    const adapter = new VonageSmsAdapter({ apiUrl: `http://127.0.0.1:${port}`, apiKey: 'k', apiSecret: 's', from: 'Acme' });
    try {
      await expect(adapter.send({ to: '+14155550013', body: 'x' })).rejects.toMatchObject({ kind: 'transient', ambiguous: false, message: 'vonage unreachable: ECONNREFUSED' });
    } finally {
      await adapter.close();
    }
  });

  it('sends Vonage its form and reads the message id', async () => {
    const adapter = new VonageSmsAdapter({ apiUrl: vonage.url, apiKey: vonage.apiKey, apiSecret: vonage.apiSecret, from: '+15005550006' });
    try {
      const receipt = await adapter.send({ to: '+14155550014', body: 'Outage. Reply STOP to unsubscribe.', reference: 'd-1' });
      expect(receipt.provider).toBe('vonage');
      expect(receipt.providerMessageId).toBeTruthy();
      expect(vonage.requests.at(-1)!.form).toMatchObject({ to: '14155550014', from: '15005550006', text: 'Outage. Reply STOP to unsubscribe.', 'client-ref': 'd-1' });
    } finally {
      await adapter.close();
    }
  });
});
