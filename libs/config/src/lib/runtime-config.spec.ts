import { z } from 'zod';
import { ConfigError, readEnvironment } from './environment';
import { RUNTIME_VARIABLES, runtimeConfig } from './runtime-config';
import { SHARED_VARIABLES } from './shared-variables';

const read = (env: NodeJS.ProcessEnv, database = true) => runtimeConfig(readEnvironment(RUNTIME_VARIABLES, env), { database });

describe('the runtime part of every app\'s configuration', () => {
  it('runs embedded with the documented defaults when nothing is set', () => {
    expect(read({})).toMatchObject({ mode: 'embedded', dataDir: './.sitrep', outboxRelay: true, namespace: 'sitrep', natsReplicas: 1, logLevel: 'info' });
  });

  it('runs distributed when DATABASE_URL and NATS_URL are both set', () => {
    expect(read({ DATABASE_URL: 'postgres://db/sitrep', NATS_URL: 'nats://a:4222,nats://b:4222' })).toMatchObject({ mode: 'distributed', natsUrl: 'nats://a:4222,nats://b:4222', databaseUrl: 'postgres://db/sitrep' });
  });

  it('runs an app without a database (the status page) distributed on NATS_URL alone, and ignores DATABASE_URL', () => {
    expect(read({ NATS_URL: 'nats://a:4222' }, false)).toMatchObject({ mode: 'distributed', databaseUrl: undefined });
    expect(read({ DATABASE_URL: 'postgres://db/sitrep' }, false)).toMatchObject({ mode: 'embedded', databaseUrl: undefined });
  });

  it('listens on 127.0.0.1 in embedded mode and on every interface in the distributed setup, unless HOST says otherwise', () => {
    expect(read({}).host).toBe('127.0.0.1');
    expect(read({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(read({ DATABASE_URL: 'postgres://db/sitrep', NATS_URL: 'nats://a:4222' }).host).toBe('0.0.0.0');
    expect(read({ DATABASE_URL: 'postgres://db/sitrep', NATS_URL: 'nats://a:4222', HOST: '10.0.0.5' }).host).toBe('10.0.0.5');
  });

  it('refuses half a distributed setup', () => {
    expect(() => read({ DATABASE_URL: 'postgres://db/sitrep' })).toThrow(/DATABASE_URL and NATS_URL go together/);
  });

  it('names each bad variable and why, and counts empty values as unset', () => {
    const variables = { ...RUNTIME_VARIABLES, CORE_PORT: SHARED_VARIABLES.CORE_PORT, SITREP_ADMIN_TOKEN: SHARED_VARIABLES.SITREP_ADMIN_TOKEN };
    expect(() => readEnvironment(variables, { CORE_PORT: 'seventy', SITREP_ADMIN_TOKEN: 'short' })).toThrow(ConfigError);
    expect(() => readEnvironment(variables, { CORE_PORT: 'seventy', SITREP_ADMIN_TOKEN: 'short' })).toThrow(/CORE_PORT: Expected number/);
    expect(() => readEnvironment(variables, { CORE_PORT: 'seventy', SITREP_ADMIN_TOKEN: 'short' })).toThrow(/SITREP_ADMIN_TOKEN: must be at least 16 characters/);
    const empty = readEnvironment(variables, { CORE_PORT: '', SITREP_ADMIN_TOKEN: '' });
    expect([empty.CORE_PORT, empty.SITREP_ADMIN_TOKEN]).toEqual([3000, undefined]);
  });

  it('ignores variables the app does not read', () => {
    expect(readEnvironment({ A: z.string().default('a') }, { B: 'not valid for anybody' })).toEqual({ A: 'a' });
  });
});
