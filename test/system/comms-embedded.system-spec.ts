import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServiceProcess, freePort, waitFor } from '@sitrep/testing';
import { api } from '../support/api';

interface InboxItem {
  channel: 'email' | 'sms' | 'slack';
  provider: string;
  to: string;
  subject?: string;
  text: string;
  calendar?: string;
}

/** npm start with no channel configured: every channel goes to the bundled fakes, and /dev/inbox shows it. */
describe('embedded mode: the bundled fakes and the dev inbox', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sitrep-comms-embedded-'));
  let sitrep: ServiceProcess;
  let ports: { core: number; comms: number; statusPage: number };
  const url = (port: number) => `http://127.0.0.1:${port}`;
  const inbox = async () => (await api(url(ports.comms)).get<{ items: InboxItem[] }>('/dev/inbox.json')).body.items;

  beforeAll(async () => {
    ports = { core: await freePort(), comms: await freePort(), statusPage: await freePort() };
    // Clocks in seconds, so the post-mortem review invitation (after a stability window) comes quickly.
    const policy = join(__dirname, '..', 'fixtures', 'policy-seconds.yaml');
    const env = { SITREP_DATA_DIR: dataDir, CORE_PORT: String(ports.core), COMMS_PORT: String(ports.comms), STATUS_PAGE_PORT: String(ports.statusPage), DATABASE_URL: '', NATS_URL: '', SITREP_ADMIN_TOKEN: '', SITREP_POLICY_FILE: policy, DEADLINE_POLL_MS: '200', SLACK_SUPPORT_CHANNEL: '#support' };
    sitrep = new ServiceProcess('tools/embedded/start.ts', env).start();
    for (const port of Object.values(ports)) await sitrep.waitReady(url(port), 90_000);
    await waitFor(() => sitrep.output.includes('admin token'), { what: 'the banner' });
  });

  afterAll(async () => {
    await sitrep?.stop('SIGKILL');
  });

  it('announces the dev inbox and serves it without a token', async () => {
    expect(sitrep.output).toContain(`  dev inbox      http://127.0.0.1:${ports.comms}/dev/inbox`);
    const page = await api(url(ports.comms)).get<string>('/dev/inbox');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<h1>Dev inbox</h1>');
  });

  it('double opt-in by email and by SMS through the fakes, with the messages on the dev inbox', async () => {
    const comms = api(url(ports.comms));
    expect((await comms.post('/api/v1/subscribers', { email: 'dev@example.com' })).status).toBe(202);
    expect((await comms.post('/api/v1/subscribers', { phone: '+14155550123' })).status).toBe(202);
    const email = await waitFor(async () => (await inbox()).find((i) => i.channel === 'email' && i.to === 'dev@example.com'), { what: 'the confirmation email', timeoutMs: 20_000 });
    expect(email.subject).toBe('Confirm your subscription to Sitrep Status');
    const link = /http:\/\/127\.0\.0\.1:\d+(\/api\/v1\/subscribers\/confirm\?token=\S+)/.exec(email.text)!;
    expect((await comms.get<string>(link[1])).status).toBe(200);
    const sms = await waitFor(async () => (await inbox()).find((i) => i.channel === 'sms' && i.to === '+14155550123'), { what: 'the confirmation text' });
    const code = /code is (\d{6})/.exec(sms.text)![1];
    expect((await comms.post('/api/v1/subscribers/confirm', { phone: '+14155550123', code })).status).toBe(200);
  });

  it('opens the war room in the Slack fake and pages the commander when an incident is declared', async () => {
    const token = readFileSync(join(dataDir, 'admin-token'), 'utf8').trim();
    const core = api(url(ports.core), token);
    const person = await core.post<{ id: string }>('/api/v1/people', { name: 'Ida Commander', email: 'ida@example.com', phone: '+14155550199', roles: ['incident_commander'], onCall: true });
    expect(person.status).toBe(201);
    expect((await core.post('/api/v1/people', { name: 'Eve Sponsor', email: 'eve@example.com', roles: ['executive'], onCall: true })).status).toBe(201);
    const incident = await core.post<{ id: string; reference: string }>('/api/v1/incidents', { title: 'Checkout is down', severity: 'P1' });
    expect(incident.status).toBe(201);
    const room = `#incident-${new Date().toISOString().slice(0, 10).replace(/-/g, '')}-checkout-is-down`;
    await waitFor(async () => (await inbox()).filter((i) => i.channel === 'slack' && i.to === room).length >= 3, { what: 'rules, card and role in the war room', timeoutMs: 20_000 });
    // The SMS page goes out on its own channel and may land after the war-room posts.
    await waitFor(async () => (await inbox()).some((i) => i.channel === 'sms' && i.to === '+14155550199' && i.text.includes(`Incident Commander for ${incident.body.reference}`)), { what: 'the SMS page to the commander', timeoutMs: 20_000 });
    await waitFor(async () => (await inbox()).some((i) => i.channel === 'slack' && i.to === '@ida' && i.text.includes('Incident Commander')), { what: 'the DM to the commander' });
    // incident-core hears that the war room is open: the seed's "war room activated" is on the timeline.
    const line = await waitFor(async () => {
      const { body } = await core.get<{ timeline: { kind: string; text: string }[] }>(`/api/v1/incidents/${incident.body.id}/timeline`);
      return body.timeline.find((l) => l.kind === 'war_room_activated');
    }, { what: 'the war room on the timeline' });
    expect(line.text).toBe(`war room activated: ${room}`);

    // The support team is briefed in its channel, and the same responses are on the API.
    const briefing = await waitFor(async () => (await inbox()).find((i) => i.channel === 'slack' && i.to === '#support' && i.text.includes(incident.body.reference)), { what: 'the support briefing' });
    expect(briefing.text).toContain('is currently unavailable for many customers');
    const canned = await api(url(ports.comms), token).get<{ scenario: string; current: string; responses: { status: string; text: string }[] }>(`/api/v1/incidents/${incident.body.id}/canned-responses`);
    expect(canned.body).toMatchObject({ scenario: 'outage', current: 'investigating' });
    expect(canned.body.responses.map((r) => r.status)).toEqual(['investigating', 'identified', 'monitoring', 'resolved']);

    // The sponsor of a P1 gets the executive summary by email when the hourly clock (12 s here) falls due.
    const summary = await waitFor(async () => (await inbox()).find((i) => i.channel === 'email' && i.to === 'eve@example.com' && (i.subject ?? '').startsWith(`[Executive update] ${incident.body.reference}`)), { what: 'the executive summary', timeoutMs: 30_000 });
    expect(summary.text).toContain('Checkout is down');
  });

  it('emails the post-mortem review invitation, with its calendar event, to the commander once resolved', async () => {
    const token = readFileSync(join(dataDir, 'admin-token'), 'utf8').trim();
    const core = api(url(ports.core), token);
    const incident = (await core.post<{ id: string; reference: string; commanderId: string }>('/api/v1/incidents', { title: 'Login errors', severity: 'P1' })).body;
    expect(incident.commanderId).not.toBeNull();
    await core.post(`/api/v1/incidents/${incident.id}/fix-deployed`, { deployRef: 'auth@v7' });
    await core.post(`/api/v1/incidents/${incident.id}/verifications`, { passed: true });
    await core.post(`/api/v1/incidents/${incident.id}/signals`, { healthy: true });
    await new Promise((ok) => setTimeout(ok, 3_300));
    expect((await core.post(`/api/v1/incidents/${incident.id}/resolve`, {})).status).toBe(200);
    const invitation = await waitFor(async () => (await inbox()).find((i) => i.channel === 'email' && i.subject === `Post-mortem review: ${incident.reference} Login errors`), { what: 'the review invitation', timeoutMs: 20_000 });
    expect(invitation.to).toBe('ida@example.com');
    expect(invitation.text).toContain('blameless post-mortem review');
    expect(invitation.calendar).toContain('METHOD:REQUEST');
    // Lines of an iCalendar file fold at 75 octets (RFC 5545 3.1): unfold before reading.
    const unfolded = (invitation.calendar ?? '').replace(/\r?\n[ \t]/g, '');
    expect(unfolded).toContain('ATTENDEE;CN="Ida Commander";ROLE=CHAIR;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:ida@example.com');
  });
});
