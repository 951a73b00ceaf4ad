import { z } from 'zod';
import { OUTBOX_VARIABLES, RUNTIME_VARIABLES, RuntimeConfig, SHARED_VARIABLES, httpUrl, readEnvironment, runtimeConfig, singleSignOn, together } from '@sitrep/config';

/** Every environment variable incident-core reads, with its default. The README's configuration table mirrors this. */
export const INCIDENT_CORE_VARIABLES = {
  ...RUNTIME_VARIABLES,
  ...OUTBOX_VARIABLES,
  SITREP_ADMIN_TOKEN: SHARED_VARIABLES.SITREP_ADMIN_TOKEN,
  SITREP_API_DOCS: SHARED_VARIABLES.SITREP_API_DOCS,
  CORE_PORT: SHARED_VARIABLES.CORE_PORT,
  SITREP_ROSTER_FILE: z.string().min(1).optional(),
  SITREP_POLICY_FILE: z.string().min(1).optional(),
  SITREP_NORMAL_TICKETS_PER_HOUR: z.coerce.number().positive().default(20),
  SITREP_CUSTOMER_BASE_TOTAL: z.coerce.number().int().positive().optional(),
  /** The largest compensation one authorisation may grant, in the currency's units. */
  SITREP_COMPENSATION_CEILING: z.coerce.number().positive().finite().default(100_000),
  DEADLINE_POLL_MS: z.coerce.number().int().min(10).default(1000),
  /** Estimated revenue lost per minute of outage, for the post-mortem's revenue impact. */
  SITREP_REVENUE_PER_MINUTE: z.coerce.number().nonnegative().optional(),
  /** Jira, where post-mortem action items are exported (all four or none). */
  JIRA_URL: z.string().url().optional(),
  JIRA_USER: z.string().min(1).optional(),
  JIRA_API_TOKEN: z.string().min(1).optional(),
  JIRA_PROJECT_KEY: z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'a Jira project key such as OPS').optional(),
  /** The console: single sign-on with OpenID Connect (all three or none). */
  OIDC_ISSUER_URL: SHARED_VARIABLES.OIDC_ISSUER_URL,
  OIDC_CLIENT_ID: SHARED_VARIABLES.OIDC_CLIENT_ID,
  OIDC_CLIENT_SECRET: SHARED_VARIABLES.OIDC_CLIENT_SECRET,
  /** Sign a verified email that is not on the roster in as a new viewer, instead of refusing it. */
  OIDC_AUTO_PROVISION: z.enum(['on', 'off']).default('off'),
  /** incident-core's address as browsers reach it (the OIDC redirect URI is built on it); default: the request's host. */
  CORE_PUBLIC_URL: httpUrl().optional(),
  /** Console sessions end after this long without a request, and this long after sign-in whatever. */
  CONSOLE_IDLE_MINUTES: SHARED_VARIABLES.CONSOLE_IDLE_MINUTES,
  CONSOLE_SESSION_HOURS: SHARED_VARIABLES.CONSOLE_SESSION_HOURS,
};

export interface ConsoleConfig {
  oidc: { issuerUrl: string; clientId: string; clientSecret: string } | null;
  autoProvision: boolean;
  publicUrl: string | null;
  idleSeconds: number;
  absoluteSeconds: number;
}

export interface JiraConfig {
  url: string;
  user: string;
  apiToken: string;
  projectKey: string;
}

export interface IncidentCoreConfig extends RuntimeConfig {
  adminToken?: string;
  /** signed-in: /api/docs and /api/docs-json need a bearer token; public: they need none. */
  apiDocs: 'signed-in' | 'public';
  ports: { core: number };
  /** JSON or YAML file of people and escalation contacts loaded at start-up. */
  rosterFile?: string;
  /** JSON or YAML overriding the seed's clocks and thresholds (see docs/process.md). */
  policyFile?: string;
  normalTicketsPerHour: number;
  customerBaseTotal: number | null;
  compensationCeiling: number;
  /** How often incident-core looks for clocks to fire. */
  deadlinePollMs: number;
  /** Estimated revenue lost per minute of outage (post-mortem revenue impact); null when unknown. */
  revenuePerMinute: number | null;
  /** Where post-mortem action items are exported; null when Jira is not configured. */
  jira: JiraConfig | null;
  /** The console: sign-in and sessions. */
  console: ConsoleConfig;
}

/** Reads and validates incident-core's environment once, at boot; the rest of the code trusts the typed result. */
export function loadIncidentCoreConfig(env: NodeJS.ProcessEnv = process.env): IncidentCoreConfig {
  const e = readEnvironment(INCIDENT_CORE_VARIABLES, env);
  const runtime = runtimeConfig(e, { database: true });
  const sso = singleSignOn(e);
  together('JIRA_URL, JIRA_USER, JIRA_API_TOKEN and JIRA_PROJECT_KEY', [e.JIRA_URL, e.JIRA_USER, e.JIRA_API_TOKEN, e.JIRA_PROJECT_KEY], 'set all four to export action items, or none');
  return {
    ...runtime,
    adminToken: e.SITREP_ADMIN_TOKEN,
    apiDocs: e.SITREP_API_DOCS,
    ports: { core: e.CORE_PORT },
    rosterFile: e.SITREP_ROSTER_FILE,
    policyFile: e.SITREP_POLICY_FILE,
    normalTicketsPerHour: e.SITREP_NORMAL_TICKETS_PER_HOUR,
    customerBaseTotal: e.SITREP_CUSTOMER_BASE_TOTAL ?? null,
    compensationCeiling: e.SITREP_COMPENSATION_CEILING,
    deadlinePollMs: e.DEADLINE_POLL_MS,
    revenuePerMinute: e.SITREP_REVENUE_PER_MINUTE ?? null,
    jira: e.JIRA_URL && e.JIRA_USER && e.JIRA_API_TOKEN && e.JIRA_PROJECT_KEY ? { url: e.JIRA_URL.replace(/\/+$/, ''), user: e.JIRA_USER, apiToken: e.JIRA_API_TOKEN, projectKey: e.JIRA_PROJECT_KEY } : null,
    console: {
      oidc: sso.oidc,
      autoProvision: e.OIDC_AUTO_PROVISION === 'on',
      publicUrl: e.CORE_PUBLIC_URL?.replace(/\/+$/, '') ?? null,
      idleSeconds: sso.idleSeconds,
      absoluteSeconds: sso.absoluteSeconds,
    },
  };
}
