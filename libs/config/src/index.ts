export * from './lib/environment';
export * from './lib/runtime-config';
export * from './lib/shared-variables';
