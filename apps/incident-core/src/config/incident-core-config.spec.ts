import { loadIncidentCoreConfig } from './incident-core-config';

describe('incident-core configuration', () => {
  it('has working defaults', () => {
    expect(loadIncidentCoreConfig({})).toMatchObject({ mode: 'embedded', ports: { core: 3000 }, normalTicketsPerHour: 20, compensationCeiling: 100_000, deadlinePollMs: 1000, jira: null, apiDocs: 'signed-in' });
  });

  it('reads the console sign-in settings: single sign-on all or nothing, session lifetimes in seconds', () => {
    expect(loadIncidentCoreConfig({}).console).toEqual({ oidc: null, autoProvision: false, publicUrl: null, idleSeconds: 1800, absoluteSeconds: 43200 });
    const config = loadIncidentCoreConfig({ OIDC_ISSUER_URL: 'https://id.example.com', OIDC_CLIENT_ID: 'sitrep', OIDC_CLIENT_SECRET: 's3cret', OIDC_AUTO_PROVISION: 'on', CORE_PUBLIC_URL: 'https://sitrep.example.com/', CONSOLE_IDLE_MINUTES: '5' });
    expect(config.console).toEqual({ oidc: { issuerUrl: 'https://id.example.com', clientId: 'sitrep', clientSecret: 's3cret' }, autoProvision: true, publicUrl: 'https://sitrep.example.com', idleSeconds: 300, absoluteSeconds: 43200 });
    expect(() => loadIncidentCoreConfig({ OIDC_ISSUER_URL: 'https://id.example.com' })).toThrow(/OIDC_ISSUER_URL, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET go together/);
  });

  it('reads only its own variables: a bad comms or status-page setting is not its concern', () => {
    expect(() => loadIncidentCoreConfig({ SMTP_URL: 'not a url', STATUS_PAGE_ACCENT_COLOR: 'red', COMMS_TRUSTED_PROXIES: 'everyone' })).not.toThrow();
  });
});
