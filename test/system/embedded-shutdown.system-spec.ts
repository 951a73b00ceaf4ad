import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServiceProcess, waitFor } from '@sitrep/testing';
import { api } from '../support/api';
import { EmbeddedPorts, embeddedAdminToken, embeddedPorts, embeddedReady, localUrl as url, startEmbedded } from '../support/embedded';

interface InboxItem {
  channel: 'email' | 'sms' | 'slack';
  at: string;
  to: string;
  text: string;
}

/** Ctrl-C on `npm start`: a clean exit, nothing in flight lost or sent twice, and the dev inbox kept. */
describe('npm start: stopping with Ctrl-C and starting again', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sitrep-embedded-shutdown-'));
  let ports: EmbeddedPorts;
  let sitrep: ServiceProcess;
  const token = () => embeddedAdminToken(dataDir);
  const inbox = async () => (await api(url(ports.comms)).get<{ items: InboxItem[] }>('/dev/inbox.json')).body.items;

  const start = async () => {
    sitrep = startEmbedded(dataDir, ports);
    await embeddedReady(sitrep, ports);
  };

  /** Sends the signal and waits for the exit; the time is printed, not asserted (a shared machine's load decides it). */
  const stop = async (signal: NodeJS.Signals, what: string) => {
    const began = Date.now();
    const code = await sitrep.stop(signal);
    console.log(`${signal} with ${what}: exited with code ${code} after ${Date.now() - began} ms`);
    return code;
  };

  /** The incident's live timeline as the console streams it, open in a signed-in "browser". */
  const openConsoleStream = async (incidentId: string) => {
    const cookies: string[] = [];
    const keep = (response: Response) => cookies.push(...response.headers.getSetCookie().map((c) => c.split(';')[0]));
    const form = await fetch(`${url(ports.core)}/console/sign-in`);
    keep(form);
    const csrf = /name="csrf" value="([^"]+)"/.exec(await form.text())![1];
    const signedIn = await fetch(`${url(ports.core)}/console/sign-in`, { method: 'POST', headers: { cookie: cookies.join('; '), 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ csrf, token: token() }), redirect: 'manual' });
    keep(signedIn);
    expect(signedIn.status).toBe(303);
    const stream = await fetch(`${url(ports.core)}/console/incidents/${incidentId}/events`, { headers: { cookie: cookies.join('; ') } });
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    // Read until the server ends it; the stop must not wait for the page to be closed.
    return { text: stream.text().catch(() => '') };
  };

  beforeAll(async () => {
    ports = await embeddedPorts();
    await start();
  }, 300_000);

  afterAll(async () => {
    await sitrep?.stop('SIGKILL');
  });

  it('exits with code 0 on SIGTERM when idle', async () => {
    expect(await stop('SIGTERM', 'nothing to do')).toBe(0);
    expect(sitrep.output).toContain('sitrep: stopped');
    await start();
  }, 300_000);

  it('exits with code 0 on SIGINT with an incident just declared and a console page open; after a restart each page went out once and the dev inbox kept every message', async () => {
    const core = api(url(ports.core), token());
    expect((await core.post('/api/v1/people', { name: 'Ida Commander', email: 'ida@example.com', phone: '+14155550199', roles: ['incident_commander'], onCall: true })).status).toBe(201);
    expect((await api(url(ports.comms)).post('/api/v1/subscribers', { email: 'reader@example.com' })).status).toBe(202);
    const incident = await core.post<{ id: string; reference: string }>('/api/v1/incidents', { title: 'Checkout is down', severity: 'P1' });
    expect(incident.status).toBe(201);
    const streamed = await openConsoleStream(incident.body.id);
    await waitFor(async () => (await inbox()).some((i) => i.to === 'reader@example.com'), { what: 'the confirmation email' });

    // The declaration's events, war room and pages are in flight now: stop in the middle of them.
    expect(await stop('SIGINT', 'a P1 just declared and a console page open')).toBe(0);
    expect(sitrep.output).toContain('sitrep: stopped');
    expect(await streamed.text).toContain(`timeline of incident ${incident.body.id}`);
    const kept = JSON.parse(readFileSync(join(dataDir, 'dev-inbox.json'), 'utf8')) as InboxItem[];
    expect(kept.some((i) => i.to === 'reader@example.com')).toBe(true);

    await start();
    const page = (i: InboxItem) => i.text.includes(`Incident Commander for ${incident.body.reference}`);
    await waitFor(async () => (await inbox()).some((i) => i.channel === 'sms' && i.to === '+14155550199' && page(i)), { what: 'the SMS page to the commander', timeoutMs: 30_000 });
    await waitFor(async () => {
      const { body } = await core.get<{ timeline: { kind: string }[] }>(`/api/v1/incidents/${incident.body.id}/timeline`);
      return body.timeline.some((l) => l.kind === 'war_room_activated');
    }, { what: 'the war room on the timeline', timeoutMs: 30_000 });
    const shown = await inbox();
    // Every message kept at the stop is still on the dev inbox, once.
    for (const item of kept) expect(shown.filter((s) => s.at === item.at && s.to === item.to && s.text === item.text)).toHaveLength(1);
    // Whether it went out before the stop or after the restart, the commander was paged by SMS once.
    expect(shown.filter((i) => i.channel === 'sms' && i.to === '+14155550199' && page(i))).toHaveLength(1);
    expect(shown.filter((i) => i.to === 'reader@example.com')).toHaveLength(1);
    const comms = await api(url(ports.comms), token()).get<{ incidents: { id: string }[] }>('/api/v1/incidents');
    expect(comms.body.incidents.map((i) => i.id)).toEqual([incident.body.id]);
  }, 300_000);
});
