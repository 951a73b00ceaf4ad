import { Browser, BrowserContext, chromium } from 'playwright-core';
import { InProcessComms, TEST_COMMS_ADMIN_TOKEN } from '../../apps/comms/src/testing/in-process-comms';
import { InProcessCore, TEST_ADMIN_TOKEN } from '../../apps/incident-core/src/testing/in-process-core';

/**
 * The hardening headers must not break the pages they protect: each page of incident-core and comms that
 * a person opens in a browser renders in Chromium with no Content-Security-Policy violation.
 */
describe('internal pages under their Content-Security-Policy, in Chromium', () => {
  const core = new InProcessCore(new Date('2026-11-29T10:00:00Z'));
  const comms = new InProcessComms(new Date('2026-11-29T10:00:00Z'));
  let browser: Browser;

  beforeAll(async () => {
    await core.setUp();
    await comms.setUp();
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
  });

  afterAll(async () => {
    await browser?.close();
    await comms.tearDown();
    await core.tearDown();
  });

  async function open(context: BrowserContext, url: string, ready: string): Promise<{ violations: string[]; text: string }> {
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    await page.addInitScript({ content: "document.addEventListener('securitypolicyviolation', (e) => console.error('Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI));" });
    const response = await page.goto(url);
    expect(response?.status()).toBeLessThan(500);
    await page.waitForSelector(ready, { timeout: 20_000 });
    await page.waitForTimeout(500);
    const text = await page.innerText('body');
    await page.close();
    return { violations, text };
  }

  it('renders Swagger UI for a signed-in user, the monthly report, and comms\' landing and sign-in pages', async () => {
    const asCore = await browser.newContext({ extraHTTPHeaders: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` } });
    const swagger = await open(asCore, `${core.url}/api/docs`, '.swagger-ui .info');
    expect(swagger.text).toContain('Sitrep incident-core');
    expect(swagger.violations).toEqual([]);
    const report = await open(asCore, `${core.url}/api/v1/reports/monthly.html?month=2026-11`, 'h1');
    expect(report.violations).toEqual([]);
    await asCore.close();

    const anonymous = await browser.newContext();
    const unsubscribe = await open(anonymous, `${comms.url}/api/v1/subscribers/unsubscribe?token=not-a-real-token`, 'h1');
    expect(unsubscribe.text).toContain('This link did not work');
    expect(unsubscribe.violations).toEqual([]);
    const signIn = await open(anonymous, `${comms.url}/approvals/sign-in`, 'form');
    expect(signIn.violations).toEqual([]);
    await anonymous.close();

    const asComms = await browser.newContext({ extraHTTPHeaders: { authorization: `Bearer ${TEST_COMMS_ADMIN_TOKEN}` } });
    const swaggerComms = await open(asComms, `${comms.url}/api/docs`, '.swagger-ui .info');
    expect(swaggerComms.text).toContain('Sitrep comms');
    expect(swaggerComms.violations).toEqual([]);
    await asComms.close();
  });
});
