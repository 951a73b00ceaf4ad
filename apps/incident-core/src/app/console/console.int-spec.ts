import { FormClient } from '../../testing/form-client';
import { InProcessCore, TEST_ADMIN_TOKEN } from '../../testing/in-process-core';

const T0 = new Date('2026-03-02T09:00:00Z');

describe('the console (incident-core /console)', () => {
  const core = new InProcessCore(T0);
  let commander: { id: string; token: string };
  let viewer: { id: string; token: string };

  beforeAll(async () => {
    await core.setUp();
    commander = await core.person('Cleo Commander', ['incident_commander'], 'responder', true);
    viewer = await core.person('Vic Viewer', [], 'viewer');
  });
  afterAll(() => core.tearDown());

  it('sends a browser without a session to sign-in, and back where it was going afterwards', async () => {
    const browser = new FormClient(core.url);
    const page = await browser.get('/console/people');
    expect(page).toMatchObject({ status: 303, location: '/console/sign-in?returnTo=%2Fconsole%2Fpeople' });
    const form = await browser.get(page.location!);
    expect(form.html).toContain('Sign in with token');
    expect(form.html).not.toContain('single sign-on'); // not configured here
  });

  it('signs in with a token into an HttpOnly, SameSite session cookie, and refuses a forged form', async () => {
    const browser = new FormClient(core.url);
    await browser.get('/console/sign-in');
    const forged = await browser.post('/console/sign-in', { csrf: 'not-the-one', token: commander.token });
    expect(forged.status).toBe(403);
    const wrong = await browser.post('/console/sign-in', { csrf: /name="csrf" value="([^"]+)"/.exec(forged.html)![1], token: 'srp_wrong' });
    expect(wrong.status).toBe(401);
    const csrf = /name="csrf" value="([^"]+)"/.exec(wrong.html)![1];
    const response = await fetch(`${core.url}/console/sign-in`, {
      method: 'POST',
      headers: { cookie: browser.cookieHeader, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf, token: commander.token }),
      redirect: 'manual',
    });
    const session = response.headers.getSetCookie().find((c) => c.startsWith('sitrep_console_session='))!;
    expect(session).toMatch(/; Path=\/console; Max-Age=43200; HttpOnly; SameSite=Lax$/);
  });

  it('declares through the Declare form, shows the incident with its clocks, and runs a command form; every post needs the CSRF token', async () => {
    const browser = new FormClient(core.url);
    const csrf = await browser.signInWithToken(commander.token);
    expect((await browser.post('/console/incidents', { title: 'No CSRF', severity: 'P2' })).status).toBe(403);
    const refused = await browser.post('/console/incidents', { csrf, title: '', severity: 'P2', trigger: 'manual' });
    expect(refused.status).toBe(303);
    expect((await browser.get('/console')).html).toMatch(/Not done: title must not be empty/);

    const declared = await browser.post('/console/incidents', { csrf, title: 'Checkout errors', severity: 'P2', trigger: 'manual' });
    expect(declared.status).toBe(303);
    const incidentPath = declared.location!;
    expect(incidentPath).toMatch(/^\/console\/incidents\/[0-9a-f-]{36}$/);
    const page = await browser.get(incidentPath);
    expect(page.status).toBe(200);
    expect(page.html).toContain('Checkout errors');
    expect(page.html).toContain('Cleo Commander');
    expect(page.html).toMatch(/Next step:<\/strong> Start investigating/);
    expect(page.html).toMatch(/<td>first customer notice<\/td><td>2026-03-02 09:30 UTC<\/td><td>pending<\/td><td class="">30m left/);
    expect(page.html).toContain('Declare resolved'); // the commander may resolve

    const changed = await browser.post(`${incidentPath}/commands/change_status`, { csrf, status: 'investigating', reason: 'looking' });
    expect(changed.status).toBe(303);
    const after = await browser.get(incidentPath);
    expect(after.html).toMatch(/id="incident-status">investigating</);
    expect(after.html).toMatch(/Done: change status/);

    const list = await browser.get('/console?severity=P2');
    expect(list.html).toContain('Checkout errors');
    expect((await browser.get('/console?severity=P9')).status).toBe(400);
  });

  it('shows a viewer no forms, and refuses a command a viewer posts anyway', async () => {
    const admin = new FormClient(core.url);
    const adminCsrf = await admin.signInWithToken(TEST_ADMIN_TOKEN);
    const declared = await admin.post('/console/incidents', { csrf: adminCsrf, title: 'Search slow', severity: 'P3', trigger: 'manual', commanderId: commander.id });
    const browser = new FormClient(core.url);
    const csrf = await browser.signInWithToken(viewer.token);
    const list = await browser.get('/console');
    expect(list.html).not.toContain('Declare an incident');
    const page = await browser.get(declared.location!);
    expect(page.html).not.toMatch(/commands\//);
    const posted = await browser.post(`${declared.location!}/commands/add_note`, { csrf, text: 'sneaky' });
    expect(posted.status).toBe(303);
    expect((await browser.get(declared.location!)).html).toMatch(/You may not add note/);
  });

  it('streams new timeline lines to an open incident page over Server-Sent Events', async () => {
    const browser = new FormClient(core.url);
    const csrf = await browser.signInWithToken(commander.token);
    const declared = await browser.post('/console/incidents', { csrf, title: 'Live timeline', severity: 'P3', trigger: 'manual' });
    const page = await browser.get(declared.location!);
    const lastSeq = /data-last-seq="(\d+)"/.exec(page.html)![1];
    const controller = new AbortController();
    const stream = await fetch(`${core.url}${declared.location!}/events?after=${lastSeq}`, { headers: { cookie: browser.cookieHeader }, signal: controller.signal });
    expect(stream.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = stream.body!.getReader();
    await core.call('POST', `/api/v1/incidents/${declared.location!.split('/').pop()}/notes`, commander.token, { text: 'seen live without a reload' });
    let received = '';
    const deadline = Date.now() + 10_000;
    while (!received.includes('seen live without a reload') && Date.now() < deadline) {
      const { value, done } = await reader.read();
      if (done) break;
      received += new TextDecoder().decode(value);
    }
    controller.abort();
    expect(received).toMatch(/event: timeline\ndata: \{.*"text":"seen live without a reload".*"who":"Cleo Commander"/);
  });

  it('renders the newest timeline lines with a link to older ones, however long the timeline', async () => {
    const browser = new FormClient(core.url);
    const csrf = await browser.signInWithToken(commander.token);
    const declared = await browser.post('/console/incidents', { csrf, title: 'Long bridge call', severity: 'P3', trigger: 'manual' });
    const id = declared.location!.split('/').pop()!;
    for (let n = 1; n <= 130; n++) expect((await core.call('POST', `/api/v1/incidents/${id}/notes`, commander.token, { text: `bridge note ${n}.` })).status).toBe(201);
    const page = await browser.get(declared.location!);
    const lines = page.html.match(/<li data-seq="/g) ?? [];
    expect(lines).toHaveLength(100);
    expect(page.html).toContain('bridge note 130.');
    expect(page.html).not.toContain('bridge note 20.');
    const older = /href="([^"]+\?before=\d+)#timeline-heading" id="older-lines"/.exec(page.html)![1];
    const olderPage = await browser.get(older);
    expect(olderPage.html).toContain('bridge note 20.');
    expect(olderPage.html).not.toContain('bridge note 130.');
    expect(olderPage.html).toContain('Back to the newest');
    expect(olderPage.html).not.toContain('id="older-lines"');
    expect(olderPage.html).not.toContain('data-append'); // an older page does not grow at the bottom
  });

  it('serves the live part of the incident page alone, as it stands after someone else acted', async () => {
    const browser = new FormClient(core.url);
    const csrf = await browser.signInWithToken(commander.token);
    const declared = await browser.post('/console/incidents', { csrf, title: 'Live status', severity: 'P3', trigger: 'manual' });
    const id = declared.location!.split('/').pop()!;
    const before = await browser.get(`${declared.location!}/live`);
    expect(before.status).toBe(200);
    expect(before.html).toMatch(/id="incident-status">declared</);
    expect(before.html).not.toContain('<html');
    expect(before.html).not.toContain('id="timeline"');
    expect(before.html).toContain(`name="csrf" value="${csrf}"`);
    await core.call('POST', `/api/v1/incidents/${id}/status`, commander.token, { status: 'identified', reason: 'found it' });
    expect((await browser.get(`${declared.location!}/live`)).html).toMatch(/id="incident-status">identified</);
  });

  it('shows a role holder the hand-over form for their own role only, and lets them hand it over', async () => {
    const lead = await core.person('Erin Engineer', ['engineer'], 'responder');
    const other = await core.person('Otto Other', ['engineer'], 'responder');
    const admin = new FormClient(core.url);
    const adminCsrf = await admin.signInWithToken(TEST_ADMIN_TOKEN);
    const declared = await admin.post('/console/incidents', { csrf: adminCsrf, title: 'Hand-over', severity: 'P3', trigger: 'manual', commanderId: commander.id });
    const id = declared.location!.split('/').pop()!;
    expect((await core.call('PUT', `/api/v1/incidents/${id}/roles/engineering_lead`, commander.token, { personId: lead.id })).status).toBe(200);

    const erin = new FormClient(core.url);
    const csrf = await erin.signInWithToken(lead.token);
    const page = await erin.get(declared.location!);
    const roleSelect = /<select id="ar-role" name="role">(.*?)<\/select>/.exec(page.html)![1];
    expect(roleSelect.match(/<option value="[^"]+"/g)).toEqual(['<option value="engineering_lead"']);
    expect(page.html).toContain('<summary>Hand over your role</summary>');
    const handed = await erin.post(`${declared.location!}/commands/assign_role`, { csrf, role: 'engineering_lead', personId: other.id });
    expect(handed.status).toBe(303);
    expect((await erin.get(declared.location!)).html).toMatch(/Done: assign role/);
    // No longer a holder: no hand-over form at all.
    expect((await erin.get(declared.location!)).html).not.toContain('id="ar-role"');

    const otto = new FormClient(core.url);
    await otto.signInWithToken(other.token);
    expect(/<select id="ar-role" name="role">(.*?)<\/select>/.exec((await otto.get(declared.location!)).html)![1]).not.toContain('commander');
  });

  it('revokes a token: the API refuses it at once with 401 and its console session ends', async () => {
    const someone = await core.person('Rae Revoked', ['engineer'], 'responder');
    const browser = new FormClient(core.url);
    await browser.signInWithToken(someone.token);
    expect((await core.call('GET', '/api/v1/incidents', someone.token)).status).toBe(200);

    const admin = new FormClient(core.url);
    const adminCsrf = await admin.signInWithToken(TEST_ADMIN_TOKEN);
    const tokens = await admin.get('/console/tokens');
    const tokenId = new RegExp(`<td>Rae Revoked</td><td>responder</td>[\\s\\S]*?/console/tokens/([0-9a-f-]{36})/revoke`).exec(tokens.html)![1];
    const revoked = await admin.post(`/console/tokens/${tokenId}/revoke`, { csrf: adminCsrf });
    expect(revoked).toMatchObject({ status: 303, location: '/console/tokens' });

    expect((await core.call('GET', '/api/v1/incidents', someone.token)).status).toBe(401);
    expect((await browser.get('/console')).location).toMatch(/^\/console\/sign-in/);
    const listed = await core.call<{ tokens: { tokenId: string; revokedAt: string | null }[] }>('GET', '/api/v1/tokens', TEST_ADMIN_TOKEN);
    expect(listed.body.tokens.find((t) => t.tokenId === tokenId)?.revokedAt).not.toBeNull();
    expect((await core.call('DELETE', `/api/v1/tokens/${tokenId}`, TEST_ADMIN_TOKEN)).status).toBe(404);
    expect((await core.call('DELETE', '/api/v1/tokens/not-a-uuid', TEST_ADMIN_TOKEN)).status).toBe(400);
  });

  it('ends a session after the idle time without requests', async () => {
    const browser = new FormClient(core.url);
    await browser.signInWithToken(commander.token);
    core.clock.advance(31 * 60 * 1000);
    expect((await browser.get('/console')).location).toMatch(/^\/console\/sign-in/);
  });

  it('signs out: the session is gone on the server, not just the cookie', async () => {
    const browser = new FormClient(core.url);
    const csrf = await browser.signInWithToken(commander.token);
    const stolen = browser.cookieHeader;
    expect((await browser.post('/console/sign-out', { csrf })).location).toBe('/console/sign-in');
    const replay = await fetch(`${core.url}/console`, { headers: { cookie: stolen }, redirect: 'manual' });
    expect(replay.status).toBe(303);
  });
});
