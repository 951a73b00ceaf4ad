import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, chromium } from 'playwright-core';
import { Client } from 'pg';
import type { IncidentView } from '@sitrep/contracts';
import { waitFor } from '@sitrep/testing';
import { InProcessComms, TEST_COMMS_ADMIN_TOKEN as ADMIN } from '../../testing/in-process-comms';
import type { CommunicationView } from '../communications/communication-view';

const SCREENSHOT = join(__dirname, '..', '..', '..', '..', '..', 'docs', 'screenshots', 'approval-queue.png');
const T0 = new Date();

/**
 * The approval page in headless Chromium: sign in with a token, see a pending draft with its three
 * previews, edit and approve it with plain forms, and see it leave the queue. No script runs on the page.
 */
describe('the approval page in a browser', () => {
  const comms = new InProcessComms(T0);
  let browser: Browser;
  let sql: Client;
  let commsLead = '';
  const componentIds = { payments: randomUUID(), checkout: randomUUID(), search: randomUUID() };

  const incidentView = (title: string, reference: string): IncidentView => ({
    id: randomUUID(),
    reference,
    title,
    severity: 'P1',
    status: 'declared',
    summary: null,
    componentIds: [componentIds.payments, componentIds.checkout],
    declaredAt: T0.toISOString(),
    trigger: 'manual',
    commanderId: null,
  });
  const pendingFor = async (incidentId: string) =>
    (await comms.call<{ communications: CommunicationView[] }>('GET', '/api/v1/approvals', ADMIN)).body.communications.filter((c) => c.incidentId === incidentId);

  beforeAll(async () => {
    await comms.setUp();
    sql = new Client({ connectionString: comms.db.url });
    await sql.connect();
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    const names = { payments: 'Payments API', checkout: 'Checkout', search: 'Search' } as const;
    for (const [key, id] of Object.entries(componentIds)) {
      await comms.publish('component.created', {
        component: { id, name: names[key as keyof typeof names], description: null, group: null, status: 'operational', position: 0, createdAt: T0.toISOString(), updatedAt: T0.toISOString() },
      });
    }
    commsLead = await comms.token('comms_lead', 'Carol Comms', randomUUID());
  });

  afterAll(async () => {
    await browser?.close();
    await sql?.end();
    await comms.tearDown();
  });

  it('signs in, shows the previews, edits and approves a draft, and the draft leaves the queue', async () => {
    const incident = incidentView('Card payments failing', 'INC-0101');
    await comms.publish('incident.declared', { incident }, { incidentId: incident.id });
    const [draft] = await waitFor(async () => {
      const list = await pendingFor(incident.id);
      return list.length > 0 ? list : undefined;
    }, { what: 'the auto-drafted first notice' });
    // A second draft with markup in it, to see it shown as text.
    const hostile = await comms.call<CommunicationView>('POST', '/api/v1/communications', commsLead, {
      incidentId: incident.id,
      title: 'Checkout <script>window.__pwned = true</script>',
      status: 'identified',
      body: 'Use <img src=x onerror="window.__pwned=true"> meanwhile & retry.',
      components: [{ id: componentIds.checkout, status: 'partial_outage' }],
      channels: ['status_page', 'sms'],
    });
    expect(hostile.status).toBe(201);

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });

    // Not signed in: the queue sends the browser to the sign-in form.
    await page.goto(`${comms.url}/approvals`);
    expect(new URL(page.url()).pathname).toBe('/approvals/sign-in');
    await page.getByLabel('API token').fill('not-a-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toBe('That token is unknown or revoked.');
    await page.getByLabel('API token').fill(commsLead);
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(new URL(page.url()).pathname).toBe('/approvals');

    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'sitrep_comms_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/approvals' });
    expect(session?.value).not.toContain(commsLead);

    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Approval queue');
    await expect(page.locator('#queue-count').textContent()).resolves.toBe('2 drafts waiting for approval, oldest first.');
    const article = page.getByRole('article', { name: 'Card payments failing' });
    await expect(article.getByRole('heading', { name: 'Status page' }).isVisible()).resolves.toBe(true);
    await expect(article.locator('.status-entry h4').textContent()).resolves.toBe('Card payments failing');
    await expect(article.locator('.status-entry ul.components').innerText()).resolves.toMatch(/Payments API\s+Major outage\s+Checkout\s+Major outage/);
    await expect(article.getByText('Subject: [Investigating] Card payments failing').isVisible()).resolves.toBe(true);
    const email = article.frameLocator('iframe[title^="Email preview"]');
    await expect(email.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Card payments failing');
    await expect(email.getByText('Payments API: Major outage').isVisible()).resolves.toBe(true);
    await expect(article.locator('.sms').textContent()).resolves.toMatch(/^Acme Status: Card payments failing - Investigating\. We are investigating an issue affecting Payments API and Checkout\./);
    await expect(article.getByText(/^GSM-7 · \d segments? · \d+ characters/).isVisible()).resolves.toBe(true);

    // The hostile draft is text on the page, in every preview; nothing ran.
    const other = page.getByRole('article', { name: 'Checkout <script>window.__pwned = true</script>' });
    await expect(other.locator('.status-entry .body').textContent()).resolves.toBe('Use <img src=x onerror="window.__pwned=true"> meanwhile & retry.');
    await expect(other.frameLocator('iframe').locator('body').innerText()).resolves.toContain('<img src=x onerror="window.__pwned=true">');
    expect(await page.evaluate(() => (globalThis as unknown as { __pwned?: boolean }).__pwned ?? false)).toBe(false);
    expect(await page.locator('script').count()).toBe(0);

    // Edit and approve: the details element opens without script.
    await article.getByText('Edit and approve').click();
    const form = article.locator('form[action$="/edit"]');
    await form.getByLabel('Title', { exact: true }).fill('Card payments failing for some customers');
    await form.getByLabel('Status', { exact: true }).selectOption('identified');
    await form.getByLabel('SMS', { exact: true }).uncheck();
    await form.getByLabel('Search', { exact: true }).selectOption('degraded_performance');
    mkdirSync(join(SCREENSHOT, '..'), { recursive: true });
    // A viewport as tall as the page rather than fullPage: Chromium paints the (out-of-process) email
    // previews only while they are inside the viewport.
    const height = await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollHeight: number } } }).document.documentElement.scrollHeight);
    await page.setViewportSize({ width: 1280, height });
    await page.screenshot({ path: SCREENSHOT });
    await page.setViewportSize({ width: 1280, height: 900 });

    // The server checks too: with the browser's own checks removed, an empty title comes back as a 400 beside the field.
    await form.getByLabel('Message', { exact: true }).evaluate((el) => el.removeAttribute('required'));
    await form.getByLabel('Message', { exact: true }).fill('');
    await form.getByRole('button', { name: 'Approve with edits and publish' }).click();
    const refused = page.getByRole('article', { name: 'Card payments failing' });
    await expect(refused.getByRole('alert').innerText()).resolves.toContain('Message: must not be empty');
    await expect(refused.getByLabel('Title', { exact: true }).inputValue()).resolves.toBe('Card payments failing for some customers');
    await expect(refused.getByLabel('Message', { exact: true }).getAttribute('aria-invalid')).resolves.toBe('true');
    await refused.getByLabel('Message', { exact: true }).fill('Some card payments fail. We found the cause and are fixing it.');
    await refused.getByRole('button', { name: 'Approve with edits and publish' }).click();

    await expect(page.getByRole('status').textContent()).resolves.toBe('Approved with edits and published: Card payments failing for some customers');
    await expect(page.locator('#queue-count').textContent()).resolves.toBe('1 draft waiting for approval, oldest first.');
    expect(await page.getByRole('article', { name: /^Card payments failing/ }).count()).toBe(0);

    const approved = (await comms.call<CommunicationView>('GET', `/api/v1/communications/${draft.id}`, ADMIN)).body;
    expect(approved).toMatchObject({
      state: 'approved',
      edited: true,
      title: 'Card payments failing for some customers',
      status: 'identified',
      body: 'Some card payments fail. We found the cause and are fixing it.',
      channels: ['status_page', 'email', 'slack'],
      components: [
        { id: componentIds.payments, status: 'major_outage' },
        { id: componentIds.checkout, status: 'major_outage' },
        { id: componentIds.search, name: 'Search', status: 'degraded_performance' },
      ],
    });
    const outbox = await waitFor(async () => {
      const { rows } = await sql.query(`SELECT event, published_at FROM comms.outbox WHERE event->'data'->>'communicationId' = $1`, [draft.id]);
      return rows[0]?.published_at ? rows[0] : undefined;
    }, { what: 'the published event' });
    expect(outbox.event).toMatchObject({ type: 'communication.published', data: { title: 'Card payments failing for some customers' } });

    // Reject the other one with a reason.
    await other.getByText('Reject', { exact: true }).click();
    await other.getByLabel('Reason').fill('Not a customer-facing workaround.');
    await other.getByRole('button', { name: 'Reject draft' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toBe('Rejected: Checkout <script>window.__pwned = true</script>');
    await expect(page.locator('#queue-count').textContent()).resolves.toBe('Nothing is waiting for approval.');
    expect(dialogs).toEqual([]);

    // A form posted without the session's CSRF token is refused, even with the cookie.
    const cookie = `sitrep_comms_session=${session?.value}`;
    const forged = await fetch(`${comms.url}/approvals/${hostile.body.id}/approve`, { method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: 'csrf=guess', redirect: 'manual' });
    expect(forged.status).toBe(403);
    expect(await forged.text()).toContain('did not come from your current approval page');
    expect(forged.headers.get('content-security-policy')).toContain("default-src 'none'");

    await page.getByRole('button', { name: 'Sign out' }).click();
    expect(new URL(page.url()).pathname).toBe('/approvals/sign-in');
    const after = await fetch(`${comms.url}/approvals`, { headers: { cookie }, redirect: 'manual' });
    expect(after.status).toBe(303);
    await context.close();
  });

  it('keeps tokens of other roles out of the page', async () => {
    const viewer = await comms.token('viewer', 'Vic Viewer');
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${comms.url}/approvals/sign-in`);
    await page.getByLabel('API token').fill(viewer);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toBe('A viewer token cannot approve customer communications; sign in with a comms_lead token.');
    expect((await context.cookies()).some((c) => c.name === 'sitrep_comms_session')).toBe(false);
    await context.close();
  });
});
