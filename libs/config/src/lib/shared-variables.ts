import { z } from 'zod';
import { httpUrl, port, together } from './environment';

/**
 * Variables more than one app reads, each defined once here; every app's own schema (apps/<app>/src/config)
 * names the ones it reads.
 */
export const SHARED_VARIABLES = {
  /** incident-core and comms: the admin bearer token (both seed it into their own token table). */
  SITREP_ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** incident-core and comms: who may read the OpenAPI document and Swagger UI (public: anyone who can reach the port). */
  SITREP_API_DOCS: z.enum(['signed-in', 'public']).default('signed-in'),
  CORE_PORT: port(3000),
  COMMS_PORT: port(3001),
  STATUS_PAGE_PORT: port(3002),
  /** The status page's public URL: its permalinks, and the link in comms' messages. */
  PUBLIC_URL: z.string().url().optional(),
  STATUS_PAGE_NAME: z.string().min(1).default('Sitrep Status'),
  /** comms' public base URL: its links, and where the status page's forms forward (default: comms on this host). */
  COMMS_PUBLIC_URL: httpUrl().optional(),
  /**
   * incident-core's console and comms' approval page: single sign-on with OpenID Connect, one provider and
   * one client for both (all three or none).
   */
  OIDC_ISSUER_URL: httpUrl().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  /** Console and approval-page sessions end after this long without a request, and this long after sign-in whatever. */
  CONSOLE_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  CONSOLE_SESSION_HOURS: z.coerce.number().int().min(1).max(7 * 24).default(12),
};

export interface SingleSignOnConfig {
  oidc: { issuerUrl: string; clientId: string; clientSecret: string } | null;
  idleSeconds: number;
  absoluteSeconds: number;
}

/** The OpenID Connect client (or none) and the session lifetimes, as the console and the approval page read them. */
export function singleSignOn(e: { OIDC_ISSUER_URL?: string; OIDC_CLIENT_ID?: string; OIDC_CLIENT_SECRET?: string; CONSOLE_IDLE_MINUTES: number; CONSOLE_SESSION_HOURS: number }): SingleSignOnConfig {
  together('OIDC_ISSUER_URL, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET', [e.OIDC_ISSUER_URL, e.OIDC_CLIENT_ID, e.OIDC_CLIENT_SECRET], 'set all three for single sign-on, or none');
  return {
    oidc: e.OIDC_ISSUER_URL && e.OIDC_CLIENT_ID && e.OIDC_CLIENT_SECRET ? { issuerUrl: e.OIDC_ISSUER_URL, clientId: e.OIDC_CLIENT_ID, clientSecret: e.OIDC_CLIENT_SECRET } : null,
    idleSeconds: e.CONSOLE_IDLE_MINUTES * 60,
    absoluteSeconds: e.CONSOLE_SESSION_HOURS * 60 * 60,
  };
}

/** comms' public base URL without a trailing slash: COMMS_PUBLIC_URL, or comms' port on this host. */
export function commsPublicUrl(e: { COMMS_PUBLIC_URL?: string; COMMS_PORT: number }): string {
  return (e.COMMS_PUBLIC_URL ?? `http://127.0.0.1:${e.COMMS_PORT}`).replace(/\/+$/, '');
}
