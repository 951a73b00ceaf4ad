import { z } from 'zod';
import { httpUrl, port } from './environment';

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
};

/** comms' public base URL without a trailing slash: COMMS_PUBLIC_URL, or comms' port on this host. */
export function commsPublicUrl(e: { COMMS_PUBLIC_URL?: string; COMMS_PORT: number }): string {
  return (e.COMMS_PUBLIC_URL ?? `http://127.0.0.1:${e.COMMS_PORT}`).replace(/\/+$/, '');
}
