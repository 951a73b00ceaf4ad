import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { Browser, BrowserContext, Page, chromium } from 'playwright-core';
import { TEST_NATS_URL } from '@sitrep/testing';
import { api } from '../support/api';
import { ADMIN_TOKEN, Cluster, startDistributedCluster } from '../support/distributed-cluster';
import { LocalOidcProvider } from '../support/oidc-provider';

const ROOT = join(__dirname, '..', '..');
const SCREENSHOTS = join(ROOT, 'docs', 'screenshots');
const POLICY = join(ROOT, 'test', 'fixtures', 'policy-seconds.yaml');

const PEOPLE = {
  commander: { login: 'cleo', name: 'Cleo Commander', email: 'cleo@example.test', roles: ['incident_commander'], onCall: true },
  comms: { login: 'chris', name: 'Chris Comms', email: 'chris@example.test', roles: ['comms_lead'], onCall: true },
  sponsor: { login: 'sam', name: 'Sam Sponsor', email: 'sam@example.test', roles: ['executive'], onCall: true },
};

/**
 * A P1 from Declare to the published post-mortem through the console alone, with three people signed in
 * through a real OpenID Connect provider (oidc-provider, running locally): each sees only the actions their
 * role allows, and each page's timeline shows what the others do without a reload. Every console page is
 * checked with axe, and the forms are driven with the keyboard.
 */
describe('the responder console in a browser, with single sign-on', () => {
  let cluster: Cluster;
  let browser: Browser;
  const idp = new LocalOidcProvider();
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    const issuer = await idp.reservePort();
    // The console (incident-core) and the approval page (comms) sign in through the same provider and client.
    const oidc = { OIDC_ISSUER_URL: issuer, OIDC_CLIENT_ID: idp.clientId, OIDC_CLIENT_SECRET: idp.clientSecret };
    cluster = await startDistributedCluster(TEST_NATS_URL, { SITREP_POLICY_FILE: POLICY, DEADLINE_POLL_MS: '100', ...oidc });
    await idp.start([`${cluster.urls.core}/console/sign-in/callback`, `${cluster.urls.comms}/approvals/sign-in/callback`], [
      ...Object.values(PEOPLE).map((p) => ({ login: p.login, email: p.email, email_verified: true, name: p.name })),
      { login: 'mallory', email: 'mallory@example.test', email_verified: true, name: 'Mallory Unknown' },
      { login: 'una', email: 'cleo@example.test', email_verified: false, name: 'Unverified Cleo' },
    ]);
    const core = api(cluster.urls.core, ADMIN_TOKEN);
    for (const p of Object.values(PEOPLE)) {
      const created = await core.post('/api/v1/people', { name: p.name, email: p.email, roles: p.roles, onCall: p.onCall });
      expect(created.status).toBe(201);
    }
    expect((await core.post('/api/v1/components', { name: 'Card payments' })).status).toBe(201);
    // An alert no detection rule takes (a warning, on no mapped component): it waits for a person.
    const integration = await core.post('/api/v1/integrations', { name: 'Prometheus', kind: 'alertmanager', componentMatchers: [] });
    expect(integration.status).toBe(201);
    const alert = { status: 'firing', labels: { alertname: 'ReportsSlow', severity: 'warning' }, annotations: {}, startsAt: new Date().toISOString(), endsAt: '0001-01-01T00:00:00Z', generatorURL: 'http://prometheus.example.test/graph', fingerprint: 'reports-slow' };
    const received = await api(cluster.urls.core, (integration.body as { token: string }).token).post('/api/v1/integrations/alertmanager', {
      version: '4', groupKey: '{}', truncatedAlerts: 0, status: 'firing', receiver: 'sitrep', groupLabels: {}, commonLabels: {}, commonAnnotations: {}, externalURL: 'http://alertmanager.example.test', alerts: [alert],
    });
    expect(received.status).toBe(200);
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    mkdirSync(SCREENSHOTS, { recursive: true });
  }, 300_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await idp.stop();
    await cluster?.stop();
  });

  const newPage = async (): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    return context.newPage();
  };

  /** Through the identity provider's own sign-in and consent pages, as a person would. */
  const signIn = async (login: string): Promise<Page> => {
    const page = await newPage();
    await page.goto(`${cluster.urls.core}/console`);
    await page.getByRole('link', { name: 'Sign in with single sign-on' }).click();
    await page.locator('input[name=login]').fill(login);
    await page.locator('input[name=password]').fill('anything');
    await page.locator('button[type=submit]').click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(/\/console(\/|$|\?)/);
    return page;
  };

  /**
   * Through the provider a second time (the approval page after the console): the provider may remember the
   * person and skip its sign-in or consent page, so each step is taken only if it shows.
   */
  const throughProvider = async (page: Page, login: string, arrived: RegExp) => {
    for (let step = 0; step < 4 && !arrived.test(page.url()); step++) {
      const next = await Promise.race([
        page.locator('input[name=login]').waitFor({ timeout: 20_000 }).then(() => 'login' as const, () => 'none' as const),
        page.getByRole('button', { name: 'Continue' }).waitFor({ timeout: 20_000 }).then(() => 'consent' as const, () => 'none' as const),
        page.waitForURL(arrived, { timeout: 20_000 }).then(() => 'arrived' as const, () => 'none' as const),
      ]);
      if (next === 'login') {
        await page.locator('input[name=login]').fill(login);
        await page.locator('input[name=password]').fill('anything');
        await page.locator('button[type=submit]').click();
      } else if (next === 'consent') {
        await page.getByRole('button', { name: 'Continue' }).click();
      }
    }
    await page.waitForURL(arrived);
  };

  /** No serious or critical accessibility problem on the page as it stands. */
  const expectAccessible = async (page: Page, exclude?: string) => {
    const builder = new AxeBuilder({ page });
    if (exclude) builder.exclude(exclude);
    const result = await builder.analyze();
    const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
    expect(bad).toEqual([]);
  };

  /** Opens a form's <details> and submits it with the keyboard only (focus, type, Enter). */
  const openWithKeyboard = async (page: Page, summary: string) => {
    await page.locator('summary', { hasText: summary }).focus();
    await page.keyboard.press('Enter');
  };
  const submit = async (page: Page, button: string) => {
    await page.getByRole('button', { name: button, exact: true }).focus();
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  };
  const flash = (page: Page) => page.locator('.flash').first().textContent();

  it('refuses an unknown person and an unverified email at sign-in', async () => {
    const unknown = await newPage();
    await unknown.goto(`${cluster.urls.core}/console`);
    await unknown.getByRole('link', { name: 'Sign in with single sign-on' }).click();
    await unknown.locator('input[name=login]').fill('mallory');
    await unknown.locator('input[name=password]').fill('x');
    await unknown.locator('button[type=submit]').click();
    await unknown.getByRole('button', { name: 'Continue' }).click();
    await expect(unknown.getByRole('alert').textContent()).resolves.toMatch(/mallory@example.test is not on Sitrep's roster/);

    const unverified = await newPage();
    await unverified.goto(`${cluster.urls.core}/console`);
    await unverified.getByRole('link', { name: 'Sign in with single sign-on' }).click();
    await unverified.locator('input[name=login]').fill('una');
    await unverified.locator('input[name=password]').fill('x');
    await unverified.locator('button[type=submit]').click();
    await unverified.getByRole('button', { name: 'Continue' }).click();
    await expect(unverified.getByRole('alert').textContent()).resolves.toMatch(/has not verified cleo@example.test/);
    await expectAccessible(unverified);
  });

  it('runs a P1 from Declare to the published post-mortem, three people each seeing only their actions, the timeline live', async () => {
    const cleo = await signIn(PEOPLE.commander.login);
    expect(await cleo.locator('#signed-in-as').textContent()).toBe('Cleo Commander');
    await expectAccessible(cleo);

    // Declare, with the keyboard.
    await cleo.getByLabel('Title').focus();
    await cleo.keyboard.type('Card payments failing');
    await cleo.getByLabel('Severity', { exact: true }).last().selectOption('P1');
    await cleo.getByLabel('Card payments').check();
    await submit(cleo, 'Declare');
    await cleo.waitForURL(/\/console\/incidents\/[0-9a-f-]{36}$/);
    const incidentUrl = cleo.url();
    expect(await flash(cleo)).toMatch(/P1 INC-\d+ declared/);
    expect(await cleo.locator('#incident-status').textContent()).toBe('declared');
    await expectAccessible(cleo);

    const sam = await signIn(PEOPLE.sponsor.login);
    await sam.goto(incidentUrl);
    const chris = await signIn(PEOPLE.comms.login);
    await chris.goto(incidentUrl);

    // Each sees only what their role allows on this incident.
    const actions = async (page: Page) => page.locator('#main summary, #main form.card button').allTextContents();
    const cleoActions = await actions(cleo);
    expect(cleoActions).toEqual(expect.arrayContaining(['Declare resolved', 'Close the incident', 'Assign a role', 'Executive update']));
    expect(cleoActions).not.toContain('Authorise compensation');
    const samActions = await actions(sam);
    expect(samActions).toContain('Authorise compensation');
    expect(samActions).not.toEqual(expect.arrayContaining(['Declare resolved']));
    expect(samActions).not.toContain('Assign a role');
    // The sponsor may hand over his own role, and only that one.
    expect(samActions).toContain('Hand over your role');
    const roleOptions = sam.locator('#ar-role option');
    expect(await roleOptions.count()).toBe(1);
    expect(await roleOptions.first().getAttribute('value')).toBe('executive_sponsor');
    const chrisActions = await actions(chris);
    expect(chrisActions).toContain('Add a note');
    expect(chrisActions).not.toContain('Declare resolved');
    expect(chrisActions).not.toContain('Authorise compensation');
    expect(chrisActions).not.toContain('Media attention'); // not the incident's comms lead yet

    // The commander names Chris comms lead; Sam's open page shows it live.
    await openWithKeyboard(cleo, 'Assign a role');
    await cleo.getByLabel('Role', { exact: true }).selectOption('comms_lead');
    await cleo.getByLabel('Person', { exact: true }).selectOption({ label: 'Chris Comms' });
    await submit(cleo, 'Assign role');
    expect(await flash(cleo)).toMatch(/Done: assign role/);
    await sam.locator('#timeline li', { hasText: 'Chris Comms is communications lead' }).or(sam.locator('#timeline li', { hasText: 'Chris Comms' })).first().waitFor({ timeout: 10_000 });

    // Chris, now the incident's comms lead, gets the media form without a reload (the live part of his page
    // is fetched again when the hand-over reaches its timeline); his note reaches Cleo live.
    await chris.locator('#live-actions summary', { hasText: 'Media attention' }).waitFor({ timeout: 10_000 });
    expect(await actions(chris)).toContain('Media attention');
    await openWithKeyboard(chris, 'Add a note');
    await chris.getByLabel('Note').fill('Status page drafted; waiting for approval');
    await submit(chris, 'Add note');
    await cleo.locator('#timeline li', { hasText: 'Status page drafted; waiting for approval' }).waitFor({ timeout: 10_000 });

    // The comms lead approves the first customer notice in comms' approval page, signed in through the same
    // provider (no token), and the console shows what customers were told.
    const approvals = await chris.context().newPage();
    await approvals.goto(`${cluster.urls.comms}/approvals`);
    expect(new URL(approvals.url()).pathname).toBe('/approvals/sign-in');
    await expectAccessible(approvals);
    await approvals.getByRole('link', { name: 'Sign in with single sign-on' }).click();
    await throughProvider(approvals, PEOPLE.comms.login, /\/approvals$/);
    const session = (await chris.context().cookies(`${cluster.urls.comms}/approvals`)).find((c) => c.name === 'sitrep_comms_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/approvals' });
    await expect(approvals.locator('header.site').textContent()).resolves.toMatch(/Signed in as\s+Chris Comms\s+\(comms_lead\)/);
    const draft = approvals.getByRole('article', { name: 'Card payments failing' }).first();
    await draft.waitFor({ timeout: 30_000 });
    // The email preview is the email itself, in a sandboxed frame that runs no script (axe cannot run in it).
    await expectAccessible(approvals, 'iframe');
    await draft.getByRole('button', { name: 'Approve and publish' }).focus();
    await Promise.all([approvals.waitForNavigation(), approvals.keyboard.press('Enter')]);
    await expect(approvals.locator('.flash').first().textContent()).resolves.toMatch(/Approved and published: Card payments failing/);
    await cleo.locator('#timeline li', { hasText: 'customer communication published (initial)' }).waitFor({ timeout: 15_000 });
    await cleo.locator('#live-status', { hasText: 'Customers were last told: customer communication published (initial)' }).waitFor({ timeout: 10_000 });
    await approvals.getByRole('button', { name: 'Sign out' }).click();
    await approvals.waitForURL(/\/approvals\/sign-in$/);
    await approvals.close();

    // The commander works the incident; the sponsor's open page follows the status without a reload.
    expect(await sam.locator('#incident-status').textContent()).toBe('declared');
    await openWithKeyboard(cleo, 'Change status');
    await cleo.getByLabel('New status').selectOption('investigating');
    await submit(cleo, 'Change status');
    await sam.locator('#incident-status', { hasText: 'investigating' }).waitFor({ timeout: 10_000 });
    await expect(sam.locator('#live-announce').textContent()).resolves.toBe('The status changed to investigating.');
    await openWithKeyboard(cleo, 'Record the assessment');
    await cleo.getByLabel('Impact scope').fill('Card payments fail for EU customers');
    await cleo.getByLabel('Customers affected', { exact: true }).fill('1200');
    await submit(cleo, 'Record assessment');
    expect(await flash(cleo)).toMatch(/Done: record assessment/);
    await cleo.screenshot({ path: join(SCREENSHOTS, 'console-incident.png'), fullPage: false });

    await openWithKeyboard(cleo, 'Fix deployed');
    await cleo.getByLabel('Deploy reference').fill('payments@v2.4.1');
    await submit(cleo, 'Record fix deployed');
    await openWithKeyboard(cleo, 'Verification');
    await submit(cleo, 'Record verification');
    await openWithKeyboard(cleo, 'Monitoring signal');
    await submit(cleo, 'Record signal');
    expect(await flash(cleo)).toMatch(/Done: record signal/);

    // The sponsor authorises compensation while the fix settles; Cleo sees it arrive.
    await openWithKeyboard(sam, 'Authorise compensation');
    await sam.getByLabel('Amount').fill('500');
    await sam.getByLabel('Customers (one a line)').fill('Acme Corp');
    await sam.getByLabel('Reason for the compensation').fill('SLA credit for the outage');
    await submit(sam, 'Authorise compensation');
    expect(await flash(sam)).toMatch(/Done: authorise compensation/);
    await cleo.locator('#timeline li', { hasText: 'compensation authorised' }).waitFor({ timeout: 10_000 });

    // The stability window of the seconds policy (3 s), then resolve.
    await cleo.waitForTimeout(3_300);
    await cleo.reload();
    await submit(cleo, 'Declare resolved');
    expect(await flash(cleo)).toMatch(/Done: resolve/);
    expect(await cleo.locator('#incident-status').textContent()).toBe('recovery watch');
    // An unhealthy signal in the recovery watch is a possible recurrence: the commander is offered Reopen
    // (an alert from monitoring does the same; see console-alerts.int-spec.ts). Not taken here.
    await openWithKeyboard(cleo, 'Monitoring signal');
    await cleo.getByLabel('Unhealthy').check();
    await submit(cleo, 'Record signal');
    await cleo.getByRole('heading', { name: 'Possible recurrence' }).waitFor();
    expect(await cleo.getByRole('button', { name: 'Reopen the incident' }).count()).toBe(1);
    await expectAccessible(cleo);

    // The post-mortem: sections by the commander and the comms lead, an action item, review, publish.
    await cleo.getByRole('link', { name: /Post-mortem/ }).click();
    await expectAccessible(cleo);
    const sections: [Page, string, string][] = [
      [cleo, 'Technical root cause', 'The card gateway TLS certificate expired.'],
      [cleo, 'Contributing factors', 'No alert on certificate expiry.'],
      [cleo, 'How to prevent this from happening again', 'Certificates renew automatically.'],
      [chris, 'How to detect faster if it does happen', 'Alert 30 days before expiry.'],
      [chris, 'How to respond more effectively', 'A runbook for certificate incidents.'],
    ];
    await chris.goto(`${incidentUrl}/postmortem`);
    for (const [page, title, text] of sections) {
      await openWithKeyboard(page, title);
      await page.getByLabel(title, { exact: true }).fill(text);
      await page.locator('details[open] button', { hasText: 'Save a new version' }).first().focus();
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      expect(await flash(page)).toMatch(/Done: edit postmortem section/);
    }
    // A second version shows in the history with its diff.
    await openWithKeyboard(cleo, 'Technical root cause');
    await cleo.getByLabel('Technical root cause', { exact: true }).fill('The card gateway TLS certificate expired.\nRenewal mail went to a former employee.');
    await Promise.all([cleo.waitForNavigation(), cleo.locator('details[open] button', { hasText: 'Save a new version' }).first().click()]);
    expect(await cleo.locator('#section-root_cause pre.diff').first().textContent()).toContain('+ Renewal mail went to a former employee.');

    await openWithKeyboard(cleo, 'Add an action item');
    await cleo.getByLabel('Title', { exact: true }).fill('Automate certificate renewal');
    await cleo.getByLabel('Owner', { exact: true }).selectOption({ label: 'Cleo Commander' });
    await cleo.getByLabel('Due date').fill('2026-12-31');
    await submit(cleo, 'Add action item');
    expect(await flash(cleo)).toMatch(/Done: add action item/);
    expect(await cleo.locator('table', { hasText: 'Automate certificate renewal' }).count()).toBe(1);
    expect(await chris.getByRole('button', { name: 'Publish the post-mortem' }).count()).toBe(0);
    await openWithKeyboard(cleo, 'Technical root cause'); // the editor, open, for the screenshot
    await cleo.screenshot({ path: join(SCREENSHOTS, 'console-postmortem.png'), fullPage: false });

    await submit(cleo, 'Record the review');
    expect(await flash(cleo)).toMatch(/Done: review postmortem/);
    await submit(cleo, 'Publish the post-mortem');
    expect(await flash(cleo)).toMatch(/Done: publish postmortem/);
    expect(await cleo.locator('h1').textContent()).toMatch(/\(published\)/);
    expect(await cleo.locator('#postmortem-document').textContent()).toContain('The card gateway TLS certificate expired.');

    const pdf = await cleo.request.get(`${incidentUrl}/postmortem/postmortem.pdf`);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    // The README shows the PDF's first page of this very run (poppler-utils, as .ci/run installs).
    const pdfDir = mkdtempSync(join(tmpdir(), 'sitrep-postmortem-pdf-'));
    writeFileSync(join(pdfDir, 'postmortem.pdf'), await pdf.body());
    expect(execFileSync('pdftotext', ['-f', '1', '-l', '1', join(pdfDir, 'postmortem.pdf'), '-'], { encoding: 'utf8' })).toContain('Card payments failing');
    execFileSync('pdftoppm', ['-png', '-singlefile', '-r', '60', '-f', '1', '-l', '1', join(pdfDir, 'postmortem.pdf'), join(SCREENSHOTS, 'postmortem-page1')]);
    rmSync(pdfDir, { recursive: true, force: true });
    expect((await cleo.request.get(`${incidentUrl}/postmortem/postmortem.md`)).status()).toBe(200);
    expect((await cleo.request.get(`${incidentUrl}/postmortem/review.ics`)).headers()['content-type']).toMatch(/text\/calendar/);

    // The other pages, each accessible.
    for (const path of ['/console/people', '/console/reports']) {
      await cleo.goto(`${cluster.urls.core}${path}`);
      await expectAccessible(cleo);
    }
    expect((await cleo.goto(`${cluster.urls.core}/console/tokens`))?.status()).toBe(403);
  }, 420_000);

  it('gives an admin signed in with a token the Tokens and Dead letters pages, accessible too', async () => {
    const page = await newPage();
    await page.goto(`${cluster.urls.core}/console/sign-in`);
    await page.getByLabel('API token', { exact: true }).fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Sign in with token' }).click();
    await page.waitForURL(`${cluster.urls.core}/console`);
    for (const path of ['/console/tokens', '/console/dead-letters', '/console']) {
      await page.goto(`${cluster.urls.core}${path}`);
      await expectAccessible(page);
    }
    // The alert waiting for a person, and the Declare form it starts, with the keyboard.
    await page.getByRole('heading', { name: 'Alerts waiting for a person' }).waitFor();
    expect(await page.getByLabel('ReportsSlow').isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Declare from the selected alerts' }).focus();
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(await page.locator('#declare-heading').textContent()).toBe('Declare an incident from 1 alert');
    expect(await page.getByLabel('Title', { exact: true }).inputValue()).toBe('ReportsSlow');
    await expectAccessible(page);
  }, 240_000);
});
