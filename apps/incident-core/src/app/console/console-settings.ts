import type { ConsoleConfig } from '../../config/incident-core-config';

/** Provided by incident-core.module.ts from the console section of the configuration. */
export const CONSOLE_SETTINGS = Symbol('ConsoleSettings');
export type ConsoleSettings = ConsoleConfig;

export const DEFAULT_CONSOLE_SETTINGS: ConsoleSettings = { oidc: null, autoProvision: false, publicUrl: null, idleSeconds: 30 * 60, absoluteSeconds: 12 * 60 * 60 };
