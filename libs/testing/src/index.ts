export * from './lib/wait-for';
export * from './lib/test-database';
export * from './lib/nats-server';
export * from './lib/free-port';
export * from './lib/service-process';
export * from './lib/comms-fanout';
