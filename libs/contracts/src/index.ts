export * from './lib/envelope';
export * from './lib/schemas';
export * from './lib/catalogue';
export * from './lib/subjects';
export * from './lib/events';
export * from './lib/incident-command';
export * from './lib/communications';
export * from './lib/maintenance';
