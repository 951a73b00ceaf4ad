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

  it('names each bad variable and why', () => {
    expect(() => loadConfig({ CORE_PORT: 'seventy', SITREP_ADMIN_TOKEN: 'short' })).toThrow(ConfigError);
    expect(() => loadConfig({ CORE_PORT: 'seventy', SITREP_ADMIN_TOKEN: 'short' })).toThrow(/CORE_PORT: Expected number/);
    expect(() => loadConfig({ CORE_PORT: 'seventy', SITREP_ADMIN_TOKEN: 'short' })).toThrow(/SITREP_ADMIN_TOKEN: must be at least 16 characters/);
  });

  it('refuses half a distributed setup', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://db/sitrep' })).toThrow(/DATABASE_URL and NATS_URL go together/);
  });
});
