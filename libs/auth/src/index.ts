export * from './lib/tokens';
export * from './lib/token.guard';
export * from './lib/sql-token-store';
