import { TwilioFake } from '@sitrep/vendor-fakes';
import { TwilioSmsAdapter } from './twilio-sms.adapter';

describe('Twilio SMS: asking Twilio what it already sent', () => {
  const twilio = new TwilioFake();
  let adapter: TwilioSmsAdapter;

  beforeAll(async () => {
    await twilio.start();
    adapter = new TwilioSmsAdapter({ apiUrl: twilio.url, accountSid: twilio.accountSid, authToken: twilio.authToken, from: '+15005550006' });
  });

  afterAll(async () => {
    await twilio.stop();
  });

  it('finds a text already sent to the number with the same body, and nothing for another body or number', async () => {
    const since = new Date(Date.now() - 1_000);
    const message = { to: '+447700900001', body: 'Acme Status: card payments failing. Reply STOP to unsubscribe.' };
    const sent = await adapter.send(message);

    expect(await adapter.findSent(message, since)).toEqual({ provider: 'twilio', providerMessageId: sent.providerMessageId });
    expect(await adapter.findSent({ ...message, body: 'Acme Status: resolved. Reply STOP to unsubscribe.' }, since)).toBeNull();
    expect(await adapter.findSent({ ...message, to: '+447700900002' }, since)).toBeNull();
    // Asked with Twilio's own filters: the number, our sender, and the day range.
    const listed = twilio.requests.filter((r) => r.method === 'GET');
    expect(listed[0].query).toMatchObject({ To: '+447700900001', From: '+15005550006', 'DateSent>': since.toISOString().slice(0, 10) });
    expect(twilio.to('+447700900001')).toHaveLength(1);
  });

  it('finds nothing sent before the row existed', async () => {
    const message = { to: '+447700900003', body: 'Acme Status: identified. Reply STOP to unsubscribe.' };
    await adapter.send(message);
    expect(await adapter.findSent(message, new Date(Date.now() + 60_000))).toBeNull();
  });
});
