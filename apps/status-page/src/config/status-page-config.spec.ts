import { ConfigError } from '@sitrep/config';
import { loadStatusPageConfig as loadConfig } from './status-page-config';

describe('status page configuration', () => {
  it('has working defaults: comms on this host, the blue accent, no links, the snapshot on, one process', () => {
    const config = loadConfig({ COMMS_PORT: '4001' });
    expect(config).toMatchObject({
      commsPublicUrl: 'http://127.0.0.1:4001',
      statusPageLogoUrl: null,
      statusPageAccentColor: '#0969da',
      statusPageLinks: [],
      statusPageSnapshot: true,
      statusPageBusWaitMs: 5000,
      statusPageWorkers: 1,
    });
  });

  it('reads branding, links and the comms URL', () => {
    const config = loadConfig({
      COMMS_PUBLIC_URL: 'https://comms.acme.test/',
      STATUS_PAGE_LOGO_URL: 'https://cdn.acme.test/logo.svg',
      STATUS_PAGE_ACCENT_COLOR: '#AA3300',
      STATUS_PAGE_LINKS: '[{"label":"Home","url":"https://acme.test"}]',
      STATUS_PAGE_WORKERS: '2',
    });
    expect(config.commsPublicUrl).toBe('https://comms.acme.test');
    expect(config.statusPageAccentColor).toBe('#aa3300');
    expect(config.statusPageLinks).toEqual([{ label: 'Home', url: 'https://acme.test' }]);
    expect(config.statusPageWorkers).toBe(2);
  });

  it.each([
    ['STATUS_PAGE_ACCENT_COLOR', 'red', 'STATUS_PAGE_ACCENT_COLOR: a colour written as #rrggbb'],
    ['STATUS_PAGE_ACCENT_COLOR', '#abc', 'STATUS_PAGE_ACCENT_COLOR: a colour written as #rrggbb'],
    ['STATUS_PAGE_LINKS', '{"label":"x"', 'STATUS_PAGE_LINKS: must be JSON'],
    ['STATUS_PAGE_LINKS', '[{"label":"x","url":"javascript:alert(1)"}]', 'STATUS_PAGE_LINKS.0.url: must be an http:// or https:// URL'],
    ['STATUS_PAGE_LOGO_URL', 'data:image/svg+xml,<svg/>', 'STATUS_PAGE_LOGO_URL: must be an http:// or https:// URL'],
  ])('refuses %s=%s, saying what is expected', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it('needs no database: NATS_URL alone is the distributed setup, and only its own variables are read', () => {
    expect(loadConfig({ NATS_URL: 'nats://a:4222' })).toMatchObject({ mode: 'distributed', host: '0.0.0.0' });
    expect(() => loadConfig({ SMTP_URL: 'not a url', SITREP_ADMIN_TOKEN: 'short', CONSOLE_IDLE_MINUTES: 'never' })).not.toThrow();
  });
});
