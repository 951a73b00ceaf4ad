import { isIP } from 'node:net';
import { z } from 'zod';

export class ConfigError extends Error {}

/**
 * Hops whose X-Forwarded-For an app believes (Express's "trust proxy"): addresses, CIDR ranges, or the
 * words loopback, linklocal and uniquelocal. A client's address is taken from X-Forwarded-For only when
 * the connection comes from one of them; anyone else is the client themselves.
 */
export const trustedProxies = () =>
  z
    .string()
    .default('loopback')
    .transform((text) => text.split(',').map((entry) => entry.trim()).filter(Boolean))
    .refine(
      (entries) => entries.every((entry) => ['loopback', 'linklocal', 'uniquelocal'].includes(entry) || isIP(entry) > 0 || /^[0-9a-fA-F:.]+\/\d{1,3}$/.test(entry) && isIP(entry.split('/')[0]) > 0),
      'comma-separated addresses, CIDR ranges (10.0.0.0/8) or loopback, linklocal, uniquelocal',
    );
export const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);
/** An absolute http(s) URL: these end up in links and forms, where javascript: or data: would be a hole. */
export const httpUrl = () => z.string().url().refine((url) => /^https?:\/\//i.test(url), 'must be an http:// or https:// URL');

/** Names `names` go together: all set, or none. */
export function together(names: string, values: unknown[], what: string): void {
  if (values.some(Boolean) && !values.every(Boolean)) throw new ConfigError(`invalid configuration:\n  ${names} go together: ${what}`);
}

/**
 * Validates the environment against one app's variables, once, at boot: every bad variable is named with
 * why. Empty values count as unset. Variables the app does not read are ignored.
 */
export function readEnvironment<S extends z.ZodRawShape>(variables: S, env: NodeJS.ProcessEnv): z.infer<z.ZodObject<S>> {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = z.object(variables).safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** For entry points: the validated configuration, or the reasons printed and exit code 78 (EX_CONFIG). */
export function loadOrExit<T>(load: () => T): T {
  try {
    return load();
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(78);
  }
}
