export * from './lib/http-fake';
export * from './lib/mime';
export * from './lib/smtp-sink';
export * from './lib/twilio-fake';
export * from './lib/vonage-fake';
export * from './lib/slack-fake';
export * from './lib/jira-fake';
