import { Client } from 'pg';
import { RosterPersonSummary, querySubject } from '@sitrep/contracts';
import type { Responder } from '@sitrep/messaging';
import { WebSessions } from '@sitrep/web-session';
import { InProcessComms } from '../../testing/in-process-comms';

const CHRIS: RosterPersonSummary = { id: '00000000-0000-4000-8000-0000000000c1', name: 'Chris Comms', email: 'chris@example.test', slackUserId: null, roles: ['comms_lead'], rights: ['responder', 'comms_lead'] };

/**
 * The approval page's sessions of people signed in through single sign-on: who they are and whether they may
 * approve is incident-core's answer (queries.person_by_id), asked on every request. The provider's side of
 * the sign-in is in test/system/console-browser.system-spec.ts.
 */
describe('approval page sessions of people signed in through single sign-on', () => {
  // An issuer nobody answers on: these tests never start a sign-in, they only show it is offered.
  const comms = new InProcessComms(new Date(), { OIDC_ISSUER_URL: 'http://127.0.0.1:9/', OIDC_CLIENT_ID: 'sitrep', OIDC_CLIENT_SECRET: 'secret-of-the-test-client' });
  let sql: Client;
  let sessions: WebSessions;
  let responder: Responder | null = null;
  let answer: RosterPersonSummary | null = CHRIS;

  const answerAsIncidentCore = async () => {
    responder = await comms.bus.serve(querySubject('person_by_id'), async (data) => {
      const { personId } = JSON.parse(Buffer.from(data).toString('utf8')) as { personId: string };
      return Buffer.from(JSON.stringify({ ok: true, result: { person: answer?.id === personId ? answer : null } }));
    });
  };
  const page = async (cookie: string) => fetch(`${comms.url}/approvals`, { headers: { cookie }, redirect: 'manual' });

  beforeAll(async () => {
    await comms.setUp();
    sql = new Client({ connectionString: comms.db.url });
    await sql.connect();
    sessions = new WebSessions(async (text, params) => (await sql.query(text, params as unknown[])).rows, 'comms', { idleSeconds: 1800, absoluteSeconds: 43200 }, () => comms.clock.now());
    await answerAsIncidentCore();
  });

  afterAll(async () => {
    await responder?.stop();
    await sql?.end();
    await comms.tearDown();
  });

  it('offers single sign-on beside the token on the sign-in page', async () => {
    const html = await (await fetch(`${comms.url}/approvals/sign-in`)).text();
    expect(html).toContain('<a class="button primary" href="/approvals/sign-in/sso">Sign in with single sign-on</a>');
    expect(html).toContain('name="token"');
  });

  it('refuses a callback that no sign-in of this browser started', async () => {
    const response = await fetch(`${comms.url}/approvals/sign-in/callback?code=x&state=y`, { redirect: 'manual' });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('That sign-in took too long or was started in another browser. Sign in again.');
  });

  it('lets a person in while incident-core gives them comms_lead rights, and ends the session the moment it stops', async () => {
    answer = CHRIS;
    const { sessionId } = await sessions.open({ kind: 'person', personId: CHRIS.id, via: 'oidc' });
    const cookie = `sitrep_comms_session=${sessionId}`;
    const inside = await page(cookie);
    expect(inside.status).toBe(200);
    expect(await inside.text()).toMatch(/Signed in as <strong>Chris Comms<\/strong> \(comms_lead\)/);

    answer = { ...CHRIS, roles: ['engineer'], rights: ['responder'] };
    const out = await page(cookie);
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/approvals/sign-in');
    expect((await sql.query(`SELECT count(*)::int AS n FROM comms.web_sessions WHERE subject->>'personId' = $1`, [CHRIS.id])).rows[0].n).toBe(0);
  });

  it('says so when incident-core cannot say who the person is, and keeps the session', async () => {
    answer = CHRIS;
    const { sessionId } = await sessions.open({ kind: 'person', personId: CHRIS.id, via: 'oidc' });
    await responder?.stop();
    responder = null;
    try {
      const response = await page(`sitrep_comms_session=${sessionId}`);
      expect(response.status).toBe(503);
      expect(await response.text()).toContain('incident-core did not answer who you are on the roster just now. Try again in a moment.');
    } finally {
      await answerAsIncidentCore();
    }
    expect((await page(`sitrep_comms_session=${sessionId}`)).status).toBe(200);
  });

  it('ends a person session after the idle time without requests', async () => {
    answer = CHRIS;
    const { sessionId } = await sessions.open({ kind: 'person', personId: CHRIS.id, via: 'oidc' });
    comms.clock.advance(31 * 60_000);
    const response = await page(`sitrep_comms_session=${sessionId}`);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/approvals/sign-in');
  });
});
