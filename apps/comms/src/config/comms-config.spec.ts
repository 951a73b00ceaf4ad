import { defaultRetryPolicy, retryWindowMs } from '@sitrep/messaging';
import { loadCommsConfig } from './comms-config';

describe('comms configuration', () => {
  it('has working defaults: comms on this host, no channels, the documented delivery settings', () => {
    const config = loadCommsConfig({ COMMS_PORT: '4001' });
    expect(config).toMatchObject({ mode: 'embedded', ports: { comms: 4001, statusPage: 3002 }, commsPublicUrl: 'http://127.0.0.1:4001', templatesDir: null });
    expect(config.comms).toMatchObject({ email: null, twilio: null, smsFallback: null, slack: null, delivery: { concurrency: 32, batchSize: 200, fanoutPageSize: 2000 } });
    expect(config.comms.limits.smsPerHour).toBe(1000);
  });

  it('keeps retrying the consumers that ask incident-core for longer than a restart of it takes, unlike the default policy', () => {
    const retry = loadCommsConfig({}).comms.incidentCoreRetry;
    expect(retryWindowMs(defaultRetryPolicy)).toBe(21_200);
    expect(retryWindowMs(retry)).toBe(591_200);
    expect(loadCommsConfig({ INCIDENT_CORE_RETRY_BACKOFF_MS: '100,250', INCIDENT_CORE_RETRY_MAX_DELIVERIES: '30' }).comms.incidentCoreRetry).toEqual({ maxDeliveries: 30, backoffMs: [100, 250] });
    expect(() => loadCommsConfig({ INCIDENT_CORE_RETRY_BACKOFF_MS: '1s' })).toThrow(/INCIDENT_CORE_RETRY_BACKOFF_MS/);
  });

  it('trusts X-Forwarded-For from loopback unless told which proxies to trust', () => {
    expect(loadCommsConfig({}).comms.trustedProxies).toEqual(['loopback']);
    expect(loadCommsConfig({ COMMS_TRUSTED_PROXIES: 'loopback,uniquelocal,2001:db8::1' }).comms.trustedProxies).toEqual(['loopback', 'uniquelocal', '2001:db8::1']);
    expect(() => loadCommsConfig({ COMMS_TRUSTED_PROXIES: 'everyone' })).toThrow(/COMMS_TRUSTED_PROXIES: comma-separated addresses/);
  });

  it('turns a channel on only with all its variables', () => {
    expect(() => loadCommsConfig({ SMTP_URL: 'smtp://mail.example.com:587' })).toThrow(/SMTP_URL and SMTP_FROM go together/);
    expect(loadCommsConfig({ SMTP_URL: 'smtp://mail.example.com:587', SMTP_FROM: 'Acme <status@acme.example>' }).comms.email).toMatchObject({ maxConnections: 5, perSecond: 0 });
  });

  it('reads the SMS rate as SMS_PER_SECOND, and still as its former name TWILIO_PER_SECOND', () => {
    const twilio = { TWILIO_ACCOUNT_SID: 'AC1', TWILIO_AUTH_TOKEN: 'token', TWILIO_FROM: '+15005550006' };
    expect(loadCommsConfig(twilio).comms.twilio?.perSecond).toBe(0);
    expect(loadCommsConfig({ ...twilio, SMS_PER_SECOND: '20' }).comms.twilio?.perSecond).toBe(20);
    expect(loadCommsConfig({ ...twilio, TWILIO_PER_SECOND: '15' }).comms.twilio?.perSecond).toBe(15);
    expect(loadCommsConfig({ ...twilio, SMS_PER_SECOND: '20', TWILIO_PER_SECOND: '20' }).comms.twilio?.perSecond).toBe(20);
    expect(() => loadCommsConfig({ ...twilio, SMS_PER_SECOND: '20', TWILIO_PER_SECOND: '40' })).toThrow(/SMS_PER_SECOND \(20\) and TWILIO_PER_SECOND \(40, its former name\) disagree/);
  });

  it('reads only its own variables: a bad status-page or incident-core setting is not its concern', () => {
    expect(() => loadCommsConfig({ STATUS_PAGE_LINKS: 'not json', OIDC_AUTO_PROVISION: 'sometimes', JIRA_URL: 'not a url' })).not.toThrow();
  });

  it('reads the console\'s single sign-on for the approval page: all three OIDC variables or none, the session lifetimes', () => {
    expect(loadCommsConfig({}).approvalPage).toEqual({ oidc: null, idleSeconds: 1800, absoluteSeconds: 43200 });
    expect(loadCommsConfig({ OIDC_ISSUER_URL: 'https://id.example.com', OIDC_CLIENT_ID: 'sitrep', OIDC_CLIENT_SECRET: 's3cret', CONSOLE_IDLE_MINUTES: '5' }).approvalPage).toEqual({
      oidc: { issuerUrl: 'https://id.example.com', clientId: 'sitrep', clientSecret: 's3cret' },
      idleSeconds: 300,
      absoluteSeconds: 43200,
    });
    expect(() => loadCommsConfig({ OIDC_ISSUER_URL: 'https://id.example.com' })).toThrow(/OIDC_ISSUER_URL, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET go together/);
  });
});
