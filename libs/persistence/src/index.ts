export * from './lib/data-source';
export * from './lib/embedded-postgres';
