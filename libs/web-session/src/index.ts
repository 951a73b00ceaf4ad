export * from './lib/cookies';
export * from './lib/secrets';
export * from './lib/session-expiry';
export * from './lib/web-sessions';
export * from './lib/oidc-relying-party';
export * from './lib/send-page';
export * from './lib/single-sign-on';
