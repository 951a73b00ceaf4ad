import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Browser, Page, chromium } from 'playwright-core';
import { ServiceProcess, TEST_NATS_URL, freePort, testNamespace, waitFor } from '@sitrep/testing';
import { StatusPageEvents, communicationPublished, componentCreatedEvent, componentView } from '../support/status-page-events';

const ROOT = join(__dirname, '..', '..');
const SCREENSHOTS = join(ROOT, 'docs', 'screenshots');
const ARTEFACTS = join(ROOT, 'tmp', 'status-page-browser');

/** A headless Chromium watching the public page while a P1 is published step by step, as comms would. */
describe('the public status page in a browser during a P1', () => {
  const namespace = testNamespace('browser');
  let statusPage: ServiceProcess;
  let base: string;
  let events: StatusPageEvents;
  let browser: Browser;
  let page: Page;

  const components = [
    componentView('Card payments', 0, { group: 'Payments', description: 'Card and wallet payments at checkout' }),
    componentView('Payouts', 1, { group: 'Payments' }),
    componentView('Public API', 2, { description: 'REST API and webhooks' }),
    componentView('Dashboard', 3),
  ];
  const [cards, payouts] = components;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    mkdirSync(ARTEFACTS, { recursive: true });
    const port = await freePort();
    statusPage = new ServiceProcess('apps/status-page/src/main.ts', {
      NATS_URL: TEST_NATS_URL,
      // The status page opens no database connection; the variable only satisfies the distributed configuration.
      DATABASE_URL: 'postgres://unused@127.0.0.1:1/unused',
      SITREP_NAMESPACE: namespace,
      SITREP_DATA_DIR: mkdtempSync(join(tmpdir(), 'sitrep-browser-')),
      STATUS_PAGE_PORT: String(port),
      STATUS_PAGE_NAME: 'Acme Status',
      STATUS_PAGE_ACCENT_COLOR: '#6639ba',
      STATUS_PAGE_LINKS: JSON.stringify([{ label: 'Acme home', url: 'https://acme.example/' }, { label: 'Support', url: 'https://acme.example/support' }]),
    }).start();
    base = `http://127.0.0.1:${port}`;
    await statusPage.waitReady(base);
    events = await StatusPageEvents.connect(TEST_NATS_URL, namespace);
    for (const c of components) await events.publish(componentCreatedEvent(c));
    await waitFor(async () => ((await (await fetch(`${base}/api/v2/components.json`)).json()) as { components: unknown[] }).components.length === 5, { what: 'the components' });
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  });

  afterAll(async () => {
    await browser?.close();
    await events?.close();
    await statusPage?.stop();
  });

  async function show(step: string): Promise<void> {
    // The page may be cached for 5 seconds (Cache-Control max-age=5); a reader reloading later sees the
    // new state, the test asks for a URL of its own at each step instead of waiting.
    await page.goto(`${base}/?step=${step}`, { waitUntil: 'load' });
    await page.screenshot({ path: join(SCREENSHOTS, `status-page-${step}.png`), fullPage: true });
    writeFileSync(join(ARTEFACTS, `${step}.html`), await page.content());
  }

  const banner = () => page.locator('p.banner').innerText();
  const statusOf = (name: string) => page.locator('ul.components .row', { has: page.locator(`.name:text-is("${name}")`) }).locator('.status').innerText();
  const updates = () => page.locator('#active-incidents ~ article ol.updates .update-status').allInnerTexts();

  async function publishAndWait(step: Parameters<typeof communicationPublished>[0], expectStatus: string): Promise<void> {
    await events.publish(communicationPublished(step));
    await waitFor(async () => {
      const summary = (await (await fetch(`${base}/api/v2/summary.json`)).json()) as { incidents: { status: string }[] };
      return expectStatus === 'resolved' ? summary.incidents.length === 0 : summary.incidents[0]?.status === expectStatus;
    }, { what: `the page to show ${expectStatus}` });
  }

  it('follows the incident from investigating to resolved: banner, affected components and updates', async () => {
    await show('1-operational');
    expect(await banner()).toBe('All Systems Operational');
    expect(await statusOf('Card payments')).toBe('Operational');

    const incidentId = randomUUID();
    const t0 = Date.now() - 60_000;
    const p1 = { incidentId, title: 'Card payments failing at checkout', impact: 'critical' as const };
    await publishAndWait({ ...p1, status: 'investigating', at: new Date(t0), body: 'Many card payments are failing. We are investigating.', components: [{ component: cards, status: 'major_outage' }, { component: payouts, status: 'degraded_performance' }] }, 'investigating');
    await show('2-investigating');
    expect(await banner()).toBe('Major System Outage');
    expect(await statusOf('Card payments')).toBe('Major outage');
    expect(await statusOf('Payouts')).toBe('Degraded performance');
    expect(await statusOf('Payments')).toBe('Major outage');
    expect(await updates()).toEqual(['Investigating']);
    expect(await page.locator('#active-incidents ~ article h3').innerText()).toBe('Card payments failing at checkout');

    await publishAndWait({ ...p1, status: 'identified', impact: 'major', at: new Date(t0 + 15_000), body: 'A certificate expired at our card processor. We are rotating it.', components: [{ component: cards, status: 'partial_outage' }] }, 'identified');
    await show('3-identified');
    expect(await banner()).toBe('Partial System Outage');
    expect(await statusOf('Card payments')).toBe('Partial outage');
    expect(await updates()).toEqual(['Identified', 'Investigating']);

    await publishAndWait({ ...p1, status: 'monitoring', impact: 'minor', at: new Date(t0 + 30_000), body: 'The certificate is rotated and payments succeed again. We are monitoring.', components: [{ component: cards, status: 'operational' }, { component: payouts, status: 'operational' }] }, 'monitoring');
    await show('4-monitoring');
    expect(await banner()).toBe('Minor Service Outage');
    expect(await statusOf('Card payments')).toBe('Operational');
    expect(await updates()).toEqual(['Monitoring', 'Identified', 'Investigating']);

    await publishAndWait({ ...p1, status: 'resolved', impact: 'minor', at: new Date(t0 + 45_000), body: 'Payments have been stable for 15 minutes. This incident is resolved.' }, 'resolved');
    await show('5-resolved');
    expect(await banner()).toBe('All Systems Operational');
    expect(await page.locator('#active-incidents').count()).toBe(0);
    expect(await page.locator('ul.past a').first().innerText()).toBe('Card payments failing at checkout');
    // Today's cell on the card payments bar now shows the outage, with its detail as a title.
    const today = page.locator('ul.members > li', { has: page.locator('.name:text-is("Card payments")') }).locator('ol.bar > li').last();
    expect(await today.getAttribute('class')).toBe('critical w1');
    expect(await today.getAttribute('title')).toContain('major outage, Card payments failing at checkout');

    await page.click(`a[href="/incidents/${incidentId}"]`);
    expect(await page.locator('h1').innerText()).toBe('Card payments failing at checkout');
    expect(await page.locator('ol.updates .update-status').allInnerTexts()).toEqual(['Resolved', 'Monitoring', 'Identified', 'Investigating']);
    await page.screenshot({ path: join(SCREENSHOTS, 'status-page-6-incident.png'), fullPage: true });
  });

  it('reaches the subscribe form by keyboard alone, with a visible focus ring', async () => {
    await page.goto(`${base}/?keyboard`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { textContent: string } } }).document.activeElement.textContent)).toBe('Skip to main content');
    let reached = false;
    for (let i = 0; i < 60 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } } }).document.activeElement.id === 'subscribe-email');
    }
    expect(reached).toBe(true);
    const outline = await page.locator('#subscribe-email').evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { outlineStyle: string; outlineWidth: string } }).getComputedStyle(el));
    expect(outline.outlineStyle).toBe('solid');
    expect(outline.outlineWidth).toBe('3px');
    await page.keyboard.type('ada@example.com');
    await page.locator('#subscribe-email').screenshot({ path: join(ARTEFACTS, 'focus-email.png') });
    await page.locator('#subscribe').screenshot({ path: join(SCREENSHOTS, 'status-page-7-subscribe-keyboard.png') });
  });

  it('reads fine without JavaScript and on a phone', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 }, isMobile: true });
    const phone = await context.newPage();
    await phone.goto(`${base}/?phone`);
    expect(await phone.locator('p.banner').innerText()).toBe('All Systems Operational');
    expect(await phone.locator('footer time').first().innerText()).toMatch(/^\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2} UTC$/);
    const overflow = await phone.evaluate(() => {
      const d = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
      return d.scrollWidth - d.clientWidth;
    });
    expect(overflow).toBeLessThanOrEqual(0);
    await phone.screenshot({ path: join(SCREENSHOTS, 'status-page-8-mobile.png'), fullPage: false });
    await context.close();
  });

  it("shows times in the reader's own time zone, with no script error", async () => {
    const context = await browser.newContext({ timezoneId: 'Asia/Tokyo', locale: 'en-GB' });
    const reader = await context.newPage();
    const errors: string[] = [];
    reader.on('pageerror', (error) => errors.push(error.message));
    reader.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await reader.goto(`${base}/?tokyo`, { waitUntil: 'load' });
    const footer = reader.locator('footer time').first();
    await waitFor(async () => !(await footer.innerText()).endsWith('UTC'), { what: 'the local time in the footer' });
    // Tokyo is UTC+9 all year: the text names that zone, the UTC original stays in the title.
    expect(await footer.innerText()).toMatch(/GMT\+9|JST/);
    expect(await footer.getAttribute('title')).toMatch(/UTC$/);
    const utc = new Date((await footer.getAttribute('datetime'))!);
    const hour = String((utc.getUTCHours() + 9) % 24).padStart(2, '0');
    expect(await footer.innerText()).toContain(`${hour}:${String(utc.getUTCMinutes()).padStart(2, '0')}`);
    expect(await reader.locator('[data-local-note]').innerText()).toBe('Times are shown in your time zone.');
    expect(errors).toEqual([]);
    await context.close();
  });
});
