import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('runs embedded with the documented defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ mode: 'embedded', dataDir: './.sitrep', ports: { core: 3000, comms: 3001, statusPage: 3002 }, outboxRelay: true, namespace: 'sitrep' });
  });

  it('runs distributed when DATABASE_URL and NATS_URL are both set', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://db/sitrep', NATS_URL: 'nats://a:4222,nats://b:4222', CORE_PORT: '4000' });
    expect(config).toMatchObject({ mode: 'distributed', natsUrl: 'nats://a:4222,nats://b:4222', ports: { core: 4000 } });
  });

  it('listens on 127.0.0.1 in embedded mode and on every interface in the distributed setup, unless HOST says otherwise', () => {
    expect(loadConfig({}).host).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(loadConfig({ DATABASE_URL: 'postgres://db/sitrep', NATS_URL: 'nats://a:4222' }).host).toBe('0.0.0.0');
    expect(loadConfig({ DATABASE_URL: 'postgres://db/sitrep', NATS_URL: 'nats://a:4222', HOST: '10.0.0.5' }).host).toBe('10.0.0.5');
  });

  it('trusts X-Forwarded-For from loopback unless told which proxies to trust, per app', () => {
    const defaults = loadConfig({});
    expect(defaults.statusPageTrustedProxies).toEqual(['loopback']);
    expect(defaults.comms.trustedProxies).toEqual(['loopback']);
    const set = loadConfig({ STATUS_PAGE_TRUSTED_PROXIES: '10.0.0.0/8, 192.0.2.10', COMMS_TRUSTED_PROXIES: 'loopback,uniquelocal,2001:db8::1' });
    expect(set.statusPageTrustedProxies).toEqual(['10.0.0.0/8', '192.0.2.10']);
    expect(set.comms.trustedProxies).toEqual(['loopback', 'uniquelocal', '2001:db8::1']);
    expect(() => loadConfig({ COMMS_TRUSTED_PROXIES: 'everyone' })).toThrow(/COMMS_TRUSTED_PROXIES: comma-separated addresses/);
    expect(loadConfig({}).comms.limits.smsPerHour).toBe(1000);
  });

  it('names each bad variable and why', () => {
    expect(() => loadConfig({ CORE_PORT: 'seventy', SITREP_ADMIN_TOKEN: 'short' })).toThrow(ConfigError);
    expect(() => loadConfig({ CORE_PORT: 'seventy', SITREP_ADMIN_TOKEN: 'short' })).toThrow(/CORE_PORT: Expected number/);
    expect(() => loadConfig({ CORE_PORT: 'seventy', SITREP_ADMIN_TOKEN: 'short' })).toThrow(/SITREP_ADMIN_TOKEN: must be at least 16 characters/);
  });

  it('refuses half a distributed setup', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://db/sitrep' })).toThrow(/DATABASE_URL and NATS_URL go together/);
  });

  it('reads the console sign-in settings: single sign-on all or nothing, session lifetimes in seconds', () => {
    expect(loadConfig({}).console).toEqual({ oidc: null, autoProvision: false, publicUrl: null, idleSeconds: 1800, absoluteSeconds: 43200 });
    const config = loadConfig({ OIDC_ISSUER_URL: 'https://id.example.com', OIDC_CLIENT_ID: 'sitrep', OIDC_CLIENT_SECRET: 's3cret', OIDC_AUTO_PROVISION: 'on', CORE_PUBLIC_URL: 'https://sitrep.example.com/', CONSOLE_IDLE_MINUTES: '5' });
    expect(config.console).toEqual({ oidc: { issuerUrl: 'https://id.example.com', clientId: 'sitrep', clientSecret: 's3cret' }, autoProvision: true, publicUrl: 'https://sitrep.example.com', idleSeconds: 300, absoluteSeconds: 43200 });
    expect(() => loadConfig({ OIDC_ISSUER_URL: 'https://id.example.com' })).toThrow(/OIDC_ISSUER_URL, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET go together/);
  });

  it('reads the SMS rate as SMS_PER_SECOND, and still as its former name TWILIO_PER_SECOND', () => {
    const twilio = { TWILIO_ACCOUNT_SID: 'AC1', TWILIO_AUTH_TOKEN: 'token', TWILIO_FROM: '+15005550006' };
    expect(loadConfig(twilio).comms.twilio?.perSecond).toBe(0);
    expect(loadConfig({ ...twilio, SMS_PER_SECOND: '20' }).comms.twilio?.perSecond).toBe(20);
    expect(loadConfig({ ...twilio, TWILIO_PER_SECOND: '15' }).comms.twilio?.perSecond).toBe(15);
    expect(loadConfig({ ...twilio, SMS_PER_SECOND: '20', TWILIO_PER_SECOND: '20' }).comms.twilio?.perSecond).toBe(20);
    expect(() => loadConfig({ ...twilio, SMS_PER_SECOND: '20', TWILIO_PER_SECOND: '40' })).toThrow(/SMS_PER_SECOND \(20\) and TWILIO_PER_SECOND \(40, its former name\) disagree/);
  });
});
