import { z } from 'zod';
import { RUNTIME_VARIABLES, RuntimeConfig, SHARED_VARIABLES, commsPublicUrl, httpUrl, readEnvironment, runtimeConfig, trustedProxies } from '@sitrep/config';

/**
 * Every environment variable the status page reads, with its default. It has no database: NATS_URL alone
 * makes it distributed. The README's configuration table mirrors this.
 */
export const STATUS_PAGE_VARIABLES = {
  ...RUNTIME_VARIABLES,
  STATUS_PAGE_PORT: SHARED_VARIABLES.STATUS_PAGE_PORT,
  /** Where the subscribe forms forward when COMMS_PUBLIC_URL is unset: comms on this host. */
  COMMS_PORT: SHARED_VARIABLES.COMMS_PORT,
  PUBLIC_URL: SHARED_VARIABLES.PUBLIC_URL,
  STATUS_PAGE_NAME: SHARED_VARIABLES.STATUS_PAGE_NAME,
  COMMS_PUBLIC_URL: SHARED_VARIABLES.COMMS_PUBLIC_URL,
  STATUS_PAGE_LOGO_URL: httpUrl().optional(),
  STATUS_PAGE_ACCENT_COLOR: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour written as #rrggbb, e.g. #0969da').default('#0969da'),
  /** JSON array of {"label": "...", "url": "https://..."}: links in the status page's header. */
  STATUS_PAGE_LINKS: z
    .string()
    .default('[]')
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'must be JSON: an array of {"label": "...", "url": "https://..."}' });
        return z.NEVER;
      }
    })
    .pipe(z.array(z.object({ label: z.string().min(1).max(60), url: httpUrl() }).strict()).max(12)),
  /** Write the model to SITREP_DATA_DIR on each change, and start from it when NATS is unreachable. */
  STATUS_PAGE_SNAPSHOT: z.enum(['on', 'off']).default('on'),
  /** How long a cold-starting status page waits for NATS before serving its snapshot instead. */
  STATUS_PAGE_BUS_WAIT_MS: z.coerce.number().int().min(0).default(5000),
  /** HTTP worker processes of one status page (node:cluster); 1 serves from the main process. */
  STATUS_PAGE_WORKERS: z.coerce.number().int().min(1).max(64).default(1),
  /** A folder the status page also writes each rendered document (and its headers) to, for nginx to serve. */
  STATUS_PAGE_SITE_DIR: z.string().min(1).optional(),
  /** The load balancers in front of it, whose X-Forwarded-For names the visitor. */
  STATUS_PAGE_TRUSTED_PROXIES: trustedProxies(),
};

export interface StatusPageConfig extends RuntimeConfig {
  ports: { statusPage: number };
  publicUrl?: string;
  statusPageName: string;
  /** Base URL of comms' public API (subscriptions), without a trailing slash. */
  commsPublicUrl: string;
  statusPageLogoUrl: string | null;
  statusPageAccentColor: string;
  statusPageLinks: { label: string; url: string }[];
  statusPageSnapshot: boolean;
  statusPageBusWaitMs: number;
  statusPageWorkers: number;
  /** Hops whose X-Forwarded-For the status page believes (the visitor's address, forwarded to comms). */
  statusPageTrustedProxies: string[];
  statusPageSiteDir: string | null;
}

/** Reads and validates the status page's environment once, at boot. */
export function loadStatusPageConfig(env: NodeJS.ProcessEnv = process.env): StatusPageConfig {
  const e = readEnvironment(STATUS_PAGE_VARIABLES, env);
  return {
    ...runtimeConfig(e, { database: false }),
    ports: { statusPage: e.STATUS_PAGE_PORT },
    publicUrl: e.PUBLIC_URL,
    statusPageName: e.STATUS_PAGE_NAME,
    commsPublicUrl: commsPublicUrl(e),
    statusPageLogoUrl: e.STATUS_PAGE_LOGO_URL ?? null,
    statusPageAccentColor: e.STATUS_PAGE_ACCENT_COLOR.toLowerCase(),
    statusPageLinks: e.STATUS_PAGE_LINKS,
    statusPageSnapshot: e.STATUS_PAGE_SNAPSHOT === 'on',
    statusPageBusWaitMs: e.STATUS_PAGE_BUS_WAIT_MS,
    statusPageWorkers: e.STATUS_PAGE_WORKERS,
    statusPageTrustedProxies: e.STATUS_PAGE_TRUSTED_PROXIES,
    statusPageSiteDir: e.STATUS_PAGE_SITE_DIR ?? null,
  };
}
