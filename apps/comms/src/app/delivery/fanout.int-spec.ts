import { randomUUID } from 'node:crypto';
import { PublishedCommunication, createEvent } from '@sitrep/contracts';
import { publishedCommunication, waitFor } from '@sitrep/testing';
import { ReceivedEmail } from '@sitrep/vendor-fakes';
import { COMMS_ADMIN_TOKEN as ADMIN, CommsWithFakes } from '../../testing/comms-with-fakes';

const system = { actor: { kind: 'system' as const, id: 'test' } };

function componentCreated(name: string) {
  const now = new Date().toISOString();
  return createEvent('component.created', { component: { id: randomUUID(), name, description: null, group: null, status: 'operational', position: 0, createdAt: now, updatedAt: now } }, system);
}

function published(components: { id: string; name: string }[], over: Partial<PublishedCommunication> = {}, incidentId: string | null = null) {
  return publishedCommunication(['email', 'sms'], { over: { components: components.map((c) => ({ ...c, status: 'major_outage' as const })), ...over }, incidentId });
}

const linkIn = (email: ReceivedEmail, kind: 'confirm' | 'unsubscribe') => {
  const match = new RegExp(`https?://\\S+/api/v1/subscribers/${kind}\\?token=[A-Za-z0-9_.-]+`).exec(email.text ?? '');
  if (!match) throw new Error(`no ${kind} link in:\n${email.text}`);
  return match[0];
};
const pathOf = (url: string) => url.replace(/^https?:\/\/[^/]+/, '');

describe('subscribers, double opt-in and the exactly-once fan-out', () => {
  const comms = new CommsWithFakes();
  const payments = { id: '', name: 'Payments API' };
  const search = { id: '', name: 'Search' };

  beforeAll(async () => {
    await comms.setUp();
    for (const [component, name] of [
      [payments, 'Payments API'],
      [search, 'Search'],
    ] as const) {
      const event = componentCreated(name);
      component.id = event.data.component.id;
      await comms.publish(event);
    }
    await waitFor(async () => (await comms.query(`SELECT id FROM comms.known_components`)).length === 2, { what: 'comms to know both components' });
  });

  afterAll(async () => {
    await comms.tearDown();
  });

  async function subscribeByEmail(email: string, componentIds?: string[]): Promise<ReceivedEmail> {
    const before = comms.smtp.to(email).length;
    const reply = await comms.call('POST', '/api/v1/subscribers', { json: { email, ...(componentIds ? { componentIds } : {}) } });
    expect(reply.status).toBe(202);
    await waitFor(() => comms.smtp.to(email).length > before, { what: `the confirmation email to ${email}` });
    return comms.smtp.to(email).at(-1)!;
  }

  async function subscribeBySms(phone: string): Promise<string> {
    const before = comms.twilio.to(phone).length;
    const reply = await comms.call('POST', '/api/v1/subscribers', { json: { phone } });
    expect(reply.status).toBe(202);
    await waitFor(() => comms.twilio.to(phone).length > before, { what: `the confirmation text to ${phone}` });
    return /code is (\d{6})/.exec(comms.twilio.to(phone).at(-1)!.body)![1];
  }

  it('confirms an email subscription with the signed link, and sends nothing else before', async () => {
    const confirmation = await subscribeByEmail('alice@example.com', [payments.id]);
    expect(confirmation.subject).toBe('Confirm your subscription to Acme Status');
    expect(confirmation.envelopeTo).toEqual(['alice@example.com']);
    const page = await comms.call<string>('GET', pathOf(linkIn(confirmation, 'confirm')));
    expect(page.status).toBe(200);
    expect(page.body).toContain('Subscription confirmed');
    const [row] = await comms.query<{ state: string; all_components: boolean }>(`SELECT state, all_components FROM comms.subscribers WHERE destination = 'alice@example.com'`);
    expect(row).toEqual({ state: 'confirmed', all_components: false });
  });

  it('confirms an SMS subscription with the 6-digit code, counting wrong guesses', async () => {
    const code = await subscribeBySms('+14155550101');
    const wrong = await comms.call<{ message: string }>('POST', '/api/v1/subscribers/confirm', { json: { phone: '+14155550101', code: code === '000000' ? '111111' : '000000' } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.message).toBe('code: the code is wrong or has expired');
    const right = await comms.call('POST', '/api/v1/subscribers/confirm', { json: { phone: '+14155550101', code } });
    expect(right.body).toEqual({ status: 'confirmed', channel: 'sms' });
    expect(right.status).toBe(200);
    expect(right.body).toEqual({ status: 'confirmed', channel: 'sms' });
  });

  it('sends exactly one email and one SMS per confirmed subscriber of the affected components, none to anyone else', async () => {
    // carol follows only Search; dave never confirms; erin confirms, then unsubscribes with one click.
    await comms.call('GET', pathOf(linkIn(await subscribeByEmail('carol@example.com', [search.id]), 'confirm')));
    await subscribeByEmail('dave@example.com');
    await comms.call('GET', pathOf(linkIn(await subscribeByEmail('erin@example.com'), 'confirm')));
    const event = published([payments]);
    await comms.publish(event);
    await waitFor(async () => (await comms.call<{ complete: boolean }>('GET', `/api/v1/communications/${event.data.communicationId}/deliveries`, { token: ADMIN })).body.complete, {
      what: 'the fan-out to complete',
    });
    const notices = (to: string) => comms.smtp.to(to).filter((m) => m.subject === '[Investigating] Card payments failing');
    expect(notices('alice@example.com')).toHaveLength(1);
    expect(notices('carol@example.com')).toHaveLength(0);
    expect(notices('dave@example.com')).toHaveLength(0);
    expect(notices('erin@example.com')).toHaveLength(1);
    expect(comms.twilio.to('+14155550101').filter((m) => m.body.includes('Card payments failing'))).toHaveLength(1);
    // Exactly what Twilio received.
    const request = comms.twilio.requests.find((r) => r.form.To === '+14155550101' && r.form.Body.includes('Card payments failing'))!;
    expect(request.method).toBe('POST');
    expect(request.path).toBe(`/2010-04-01/Accounts/${comms.twilio.accountSid}/Messages.json`);
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request.headers.authorization).toBe(`Basic ${Buffer.from(`${comms.twilio.accountSid}:${comms.twilio.authToken}`).toString('base64')}`);
    expect(request.form).toEqual({
      To: '+14155550101',
      From: '+15005550006',
      Body: 'Acme Status: Card payments failing - Investigating. We are investigating failed card payments. Reply STOP to unsubscribe.',
      StatusCallback: `${comms.url}/api/v1/webhooks/twilio/status`,
    });
    const [email] = notices('alice@example.com');
    expect(email).toMatchObject({ envelopeFrom: 'status@acme.example', envelopeTo: ['alice@example.com'], from: 'Acme Status <status@acme.example>', to: 'alice@example.com' });

    const progress = await comms.call('GET', `/api/v1/communications/${event.data.communicationId}/deliveries`, { token: ADMIN });
    expect(progress.body).toMatchObject({ planned: true, complete: true, channels: { email: { sent: 2, pending: 0, failed: 0 }, sms: { sent: 1, pending: 0, failed: 0 } } });
  });

  it('gives every notification a way out: RFC 8058 headers, a link, and one click unsubscribes', async () => {
    const [notice] = comms.smtp.to('alice@example.com').filter((m) => m.subject === '[Investigating] Card payments failing');
    expect(notice.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    const header = /^<(https?:\/\/\S+)>$/.exec(notice.headers['list-unsubscribe'])![1];
    expect(linkIn(notice, 'unsubscribe')).toBe(header);
    expect(notice.html).toContain('>Unsubscribe</a>');
    expect(notice.messageId).toMatch(/^<[0-9a-f-]{36}@127\.0\.0\.1>$/);
    // The link in the body opens a page with a button; merely fetching it unsubscribes nobody.
    const page = await comms.call<string>('GET', pathOf(header));
    expect(page.status).toBe(200);
    expect(page.body).toContain('<button type="submit">Unsubscribe</button>');
    // What a mail client does for one-click: POST the form to the header's URI.
    const oneClick = await comms.call('POST', pathOf(header), { form: { 'List-Unsubscribe': 'One-Click' } });
    expect(oneClick.status).toBe(200);
    expect(oneClick.body).toEqual({ status: 'unsubscribed' });
    const [row] = await comms.query<{ state: string; unsubscribe_reason: string }>(`SELECT state, unsubscribe_reason FROM comms.subscribers WHERE destination = 'alice@example.com'`);
    expect(row).toEqual({ state: 'unsubscribed', unsubscribe_reason: 'one-click' });
    // Clicking again changes nothing and still says so.
    expect((await comms.call('POST', pathOf(header), { form: { 'List-Unsubscribe': 'One-Click' } })).status).toBe(200);
  });

  it('publishes one complete delivery summary per communication through the outbox', async () => {
    await waitFor(async () => (await comms.query(`SELECT 1 FROM comms.outbox WHERE event->>'type' = 'communication.delivery_summary' AND (event->'data'->>'complete')::boolean AND published_at IS NOT NULL`)).length >= 1, {
      what: 'the summary to be published',
    });
    const summaries = await comms.query<{ data: { communicationId: string; complete: boolean; channels: Record<string, unknown> } }>(
      `SELECT event->'data' AS data FROM comms.outbox WHERE event->>'type' = 'communication.delivery_summary' ORDER BY position`,
    );
    const complete = summaries.filter((s) => s.data.complete);
    expect(complete).toHaveLength(1);
    expect(complete[0].data.channels).toEqual({ email: { sent: 2, pending: 0, failed: 0 }, sms: { sent: 1, pending: 0, failed: 0 } });
  });

  it('refuses bad input with a 4xx naming the problem, and stores or sends nothing', async () => {
    const countRows = async () => (await comms.query<{ n: number }>(`SELECT (SELECT count(*) FROM comms.subscribers)::int + (SELECT count(*) FROM comms.deliveries)::int AS n`))[0].n;
    const rowsBefore = await countRows();
    const sentBefore = comms.smtp.accepted + comms.twilio.messages.length + comms.vonage.messages.length;
    const cases: [unknown, number, string][] = [
      [{ email: 'not-an-email' }, 400, 'email: must be an email address such as name@example.com'],
      [{ email: 'someone@localhost' }, 400, 'email: "localhost" is not a domain name'],
      [{ phone: '4155550101' }, 400, 'phone: must be in international E.164 format, starting with + and the country code, e.g. +14155550123'],
      [{ phone: '+1415555' }, 400, 'phone: +1415555 is not a valid phone number'],
      [{ phone: '+442071838750' }, 400, 'phone: +442071838750 is not a mobile number (fixed line) and cannot receive texts'],
      [{ email: 'x@example.com', phone: '+14155550101' }, 400, 'phone: give an email address or a phone number, not both (subscribe twice for both)'],
      [{}, 400, 'email: give an email address or a phone number'],
      [{ email: 'x@example.com', componentIds: ['not-a-uuid'] }, 400, 'componentIds.0: must be component ids (UUIDs)'],
      [{ email: 'x@example.com', componentIds: ['6d1c4a7e-0000-4000-8000-000000000000'] }, 400, 'componentIds: unknown component: 6d1c4a7e-0000-4000-8000-000000000000'],
      [{ email: 'x@example.com', admin: true }, 400, "(body): Unrecognized key(s) in object: 'admin'"],
    ];
    for (const [body, status, message] of cases) {
      const reply = await comms.call<{ message: string }>('POST', '/api/v1/subscribers', { json: body });
      expect({ body, status: reply.status, message: reply.body.message }).toEqual({ body, status, message });
    }
    expect((await comms.call('POST', '/api/v1/subscribers', { json: '{"email": ' })).status).toBe(400);

    // Tokens: forged, tampered, expired, meant for something else.
    const [{ value: secret }] = await comms.query<{ value: string }>(`SELECT value FROM comms.settings WHERE key = 'signing_secret'`);
    const { TokenSigner } = await import('../subscribers/signed-token');
    const real = new TokenSigner(secret);
    const forged = new TokenSigner('x'.repeat(48));
    const [{ id: someone }] = await comms.query<{ id: string }>(`SELECT id FROM comms.subscribers WHERE destination = 'dave@example.com'`);
    const past = new Date(Date.now() - 1000);
    const future = new Date(Date.now() + 3_600_000);
    const tokenCases: [string, string, string][] = [
      ['confirm', forged.sign({ purpose: 'confirm', subscriberId: someone, version: 1, expiresAt: future }), 'this link was not issued by us'],
      ['confirm', real.sign({ purpose: 'confirm', subscriberId: someone, version: 1, expiresAt: past }), 'this link has expired; subscribe again to get a new one'],
      ['confirm', real.sign({ purpose: 'unsubscribe', subscriberId: someone, version: 1, expiresAt: future }), 'this link is not meant for this page'],
      ['confirm', 'abc', 'this link is incomplete; copy the whole link from the email'],
      ['unsubscribe', forged.sign({ purpose: 'unsubscribe', subscriberId: someone, version: 0, expiresAt: future }), 'this link was not issued by us'],
      ['unsubscribe', real.sign({ purpose: 'confirm', subscriberId: someone, version: 1, expiresAt: future }), 'this link is not meant for this page'],
    ];
    for (const [route, token, message] of tokenCases) {
      const method = route === 'confirm' ? 'GET' : 'POST';
      const reply = await comms.call<string | { message: string }>(method, `/api/v1/subscribers/${route}?token=${encodeURIComponent(token)}`, route === 'confirm' ? {} : { form: { 'List-Unsubscribe': 'One-Click' } });
      expect(reply.status).toBe(400);
      expect(typeof reply.body === 'string' ? reply.body : reply.body.message).toContain(message);
    }
    const [dave] = await comms.query<{ state: string }>(`SELECT state FROM comms.subscribers WHERE id = $1`, [someone]);
    expect(dave.state).toBe('pending');

    // A Twilio webhook that Twilio did not sign.
    const inbound = `${comms.url}/api/v1/webhooks/twilio/inbound`;
    expect(await comms.twilio.sendInbound(inbound, { From: '+14155550101', To: '+15005550006', Body: 'STOP' }, 'not-the-auth-token')).toBe(403);
    const unsigned = await fetch(inbound, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'From=%2B14155550101&Body=STOP' });
    expect(unsigned.status).toBe(403);
    const [bob] = await comms.query<{ state: string }>(`SELECT state FROM comms.subscribers WHERE destination = '+14155550101'`);
    expect(bob.state).toBe('confirmed');

    expect(await countRows()).toBe(rowsBefore);
    expect(comms.smtp.accepted + comms.twilio.messages.length + comms.vonage.messages.length).toBe(sentBefore);
  });

  it('records Twilio\'s delivery status callbacks when signed, and refuses them when not', async () => {
    const [row] = await comms.query<{ provider_message_id: string }>(`SELECT provider_message_id FROM comms.deliveries WHERE provider = 'twilio' AND provider_message_id IS NOT NULL LIMIT 1`);
    const status = `${comms.url}/api/v1/webhooks/twilio/status`;
    const params = { MessageSid: row.provider_message_id, MessageStatus: 'delivered', AccountSid: comms.twilio.accountSid };
    expect(await comms.twilio.postSigned(status, { ...params, MessageStatus: 'failed' }, 'forged-token')).toBe(403);
    expect(await comms.twilio.postSigned(status, params)).toBe(204);
    const [after] = await comms.query<{ provider_status: string }>(`SELECT provider_status FROM comms.deliveries WHERE provider_message_id = $1`, [row.provider_message_id]);
    expect(after.provider_status).toBe('delivered');
  });

  it('ends an SMS subscription when the subscriber texts STOP (signed by Twilio), and sends them nothing after', async () => {
    const inbound = `${comms.url}/api/v1/webhooks/twilio/inbound`;
    expect(await comms.twilio.sendInbound(inbound, { From: '+14155550101', To: '+15005550006', Body: 'Stop ' })).toBe(200);
    const [bob] = await comms.query<{ state: string; unsubscribe_reason: string }>(`SELECT state, unsubscribe_reason FROM comms.subscribers WHERE destination = '+14155550101'`);
    expect(bob).toEqual({ state: 'unsubscribed', unsubscribe_reason: 'sms STOP' });
    const event = published([payments], { title: 'Still failing', kind: 'update' });
    await comms.publish(event);
    await waitFor(async () => (await comms.call<{ complete: boolean }>('GET', `/api/v1/communications/${event.data.communicationId}/deliveries`, { token: ADMIN })).body.complete, { what: 'the second fan-out' });
    expect(comms.twilio.to('+14155550101').filter((m) => m.body.includes('Still failing'))).toHaveLength(0);
    expect(comms.smtp.to('alice@example.com').filter((m) => m.subject.includes('Still failing'))).toHaveLength(0);
    expect(comms.smtp.to('erin@example.com').filter((m) => m.subject.includes('Still failing'))).toHaveLength(1);
  });

  it('retries an SMTP 4xx later and delivers once; gives up on a 5xx at once', async () => {
    await comms.call('GET', pathOf(linkIn(await subscribeByEmail('frank@example.com'), 'confirm')));
    await comms.call('GET', pathOf(linkIn(await subscribeByEmail('gone@example.com'), 'confirm')));
    comms.smtp.deferRecipient('frank@example.com', 1);
    comms.smtp.rejectRecipient('gone@example.com');
    const event = published([search], { title: 'Search is slow', kind: 'initial' });
    await comms.publish(event);
    await waitFor(async () => (await comms.call<{ complete: boolean }>('GET', `/api/v1/communications/${event.data.communicationId}/deliveries`, { token: ADMIN })).body.complete, { what: 'the fan-out with a deferral', timeoutMs: 20_000 });
    expect(comms.smtp.to('frank@example.com').filter((m) => m.subject.includes('Search is slow'))).toHaveLength(1);
    const rows = await comms.query<{ destination: string; state: string; attempts: number; last_error: string | null }>(
      `SELECT s.destination, d.state, d.attempts, d.last_error FROM comms.deliveries d JOIN comms.subscribers s ON s.id = d.subscriber_id
       WHERE d.communication_id = $1 AND s.destination IN ('frank@example.com', 'gone@example.com') ORDER BY s.destination`,
      [event.data.communicationId],
    );
    expect(rows[0]).toMatchObject({ destination: 'frank@example.com', state: 'sent', attempts: 2 });
    expect(rows[1]).toMatchObject({ destination: 'gone@example.com', state: 'failed', attempts: 1 });
    expect(rows[1].last_error).toMatch(/^SMTP 550: 550 5\.1\.1 No such user/);
  });

  it('fails over to the second SMS provider when Twilio refuses, and waits out Retry-After when both do', async () => {
    await comms.call('POST', '/api/v1/subscribers/confirm', { json: { phone: '+447911123456', code: await subscribeBySms('+447911123456') } });
    comms.twilio.failNext({ status: 429, retryAfterSeconds: 1, recipient: '+447911123456' });
    const first = published([], { title: 'Login trouble', kind: 'initial' });
    await comms.publish(first);
    await waitFor(() => comms.vonage.to('+447911123456').length === 1, { what: 'the text through Vonage' });
    const sent = comms.vonage.requests.at(-1)!;
    expect(sent.form).toMatchObject({ api_key: comms.vonage.apiKey, to: '447911123456', from: 'AcmeStatus' });
    expect(sent.form.text).toMatch(/^Acme Status: Login trouble - Investigating\. .* Reply STOP to unsubscribe\.$/);

    comms.twilio.failNext({ status: 503, recipient: '+447911123456' });
    comms.vonage.failNext({ status: 429, retryAfterSeconds: 2, recipient: '447911123456' });
    const second = published([], { title: 'Login trouble again', kind: 'update' });
    const at = Date.now();
    await comms.publish(second);
    await waitFor(() => comms.twilio.to('+447911123456').some((m) => m.body.includes('Login trouble again')), { what: 'the retried text', timeoutMs: 15_000 });
    expect(Date.now() - at).toBeGreaterThanOrEqual(1_900);
    const all = [...comms.twilio.to('+447911123456'), ...comms.vonage.to('+447911123456')].filter((m) => ('body' in m ? m.body : m.text).includes('Login trouble again'));
    expect(all).toHaveLength(1);
  });

  it('lets the admin list, search, export and erase subscribers', async () => {
    const found = await comms.call<{ subscribers: { id: string; destination: string; state: string }[] }>('GET', '/api/v1/subscribers?q=erin', { token: ADMIN });
    expect(found.status).toBe(200);
    expect(found.body.subscribers.map((s) => [s.destination, s.state])).toEqual([['erin@example.com', 'confirmed']]);
    expect((await comms.call('GET', '/api/v1/subscribers')).status).toBe(401);
    const csv = await comms.call<string>('GET', '/api/v1/subscribers/export.csv', { token: ADMIN });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe('id,channel,destination,country,state,components,created_at,confirmed_at,unsubscribed_at,unsubscribe_reason');
    const total = (await comms.query<{ n: number }>(`SELECT count(*)::int AS n FROM comms.subscribers`))[0].n;
    expect(lines).toHaveLength(total + 1);
    expect(lines.find((l) => l.includes('carol@example.com'))).toContain(`,email,carol@example.com,,confirmed,${search.id},`);

    const erin = found.body.subscribers[0].id;
    expect((await comms.call('DELETE', `/api/v1/subscribers/${erin}`, { token: ADMIN })).status).toBe(204);
    expect((await comms.call('GET', `/api/v1/subscribers/${erin}`, { token: ADMIN })).status).toBe(404);
    expect(await comms.query(`SELECT 1 FROM comms.subscribers WHERE destination = 'erin@example.com'`)).toEqual([]);
    const kept = await comms.query<{ subscriber_id: string | null }>(`SELECT subscriber_id FROM comms.deliveries WHERE subscriber_id IS NULL`);
    expect(kept.length).toBeGreaterThan(0);
    expect((await comms.call('DELETE', `/api/v1/subscribers/${erin}`, { token: ADMIN })).status).toBe(404);
  });

  it('caps SMS subscriptions per number range (SMS pumping) with 429 and Retry-After', async () => {
    let last = { status: 0, retryAfter: null as string | null };
    for (let i = 0; i < 11; i++) {
      const reply = await comms.call('POST', '/api/v1/subscribers', { json: { phone: `+1650555${String(100 + i).padStart(4, '0')}` } });
      last = { status: reply.status, retryAfter: reply.headers.get('retry-after') };
      if (i < 10) expect(reply.status).toBe(202);
    }
    expect(last.status).toBe(429);
    expect(Number(last.retryAfter)).toBeGreaterThan(0);
  });

  it('shows every email, text and Slack message the fakes received on the dev inbox, escaped', async () => {
    const event = published([], { title: 'Broken <script>alert(1)</script> page', kind: 'initial', channels: ['email'] });
    await comms.publish(event);
    await waitFor(() => comms.smtp.messages.some((m) => m.subject.includes('<script>')), { what: 'the email with markup in its title' });
    expect((await comms.call('GET', '/dev/inbox')).status).toBe(401);
    const page = await comms.call<string>('GET', '/dev/inbox', { token: ADMIN });
    expect(page.status).toBe(200);
    expect(page.body).toContain('Broken &lt;script&gt;alert(1)&lt;/script&gt; page');
    expect(page.body).not.toContain('<script>');
    expect(page.body).toContain('Confirm your subscription to Acme Status');
    expect(page.body).toContain('<span class="channel">sms</span> <span class="provider">vonage</span>');
  });
});
