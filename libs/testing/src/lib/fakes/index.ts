export * from './http-fake';
export * from './mime';
export * from './smtp-sink';
export * from './twilio-fake';
export * from './vonage-fake';
export * from './slack-fake';
