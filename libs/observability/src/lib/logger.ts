import pino, { Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * Keys whose values never reach a log: credentials (bearer headers, tokens, passwords, secrets) and
 * personal data (email addresses, phone numbers), at the top of a log line or one level down, and the
 * query parameters and key details a failed SQL statement carries.
 */
const SENSITIVE_KEYS = ['authorization', 'cookie', 'token', 'adminToken', 'accessToken', 'refreshToken', 'password', 'secret', 'apiKey', 'authToken', 'email', 'phone', 'recipient', 'destination'];
export const REDACTED_PATHS = [
  ...SENSITIVE_KEYS,
  ...SENSITIVE_KEYS.map((key) => `*.${key}`),
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
  'err.parameters',
  'err.detail',
  'err.driverError.parameters',
  'err.driverError.detail',
  '*.parameters',
];

/** Structured JSON logs on stdout; each app gets a child logger carrying its name. */
export function createLogger(level: string, bindings: Record<string, unknown> = {}, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { pid: process.pid, ...bindings },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}
