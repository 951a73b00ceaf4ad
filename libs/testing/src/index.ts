// freePort and waitFor live in @sitrep/launching (the launchers need them too); specs keep importing them from here.
export * from '@sitrep/launching';
export * from './lib/test-database';
export * from './lib/nats-server';
export * from './lib/service-process';
export * from './lib/comms-fanout';
