import { isIP } from 'node:net';
import { hostname } from 'node:os';
import { z } from 'zod';

/**
 * Hops whose X-Forwarded-For an app believes (Express's "trust proxy"): addresses, CIDR ranges, or the
 * words loopback, linklocal and uniquelocal. A client's address is taken from X-Forwarded-For only when
 * the connection comes from one of them; anyone else is the client themselves.
 */
const trustedProxies = () =>
  z
    .string()
    .default('loopback')
    .transform((text) => text.split(',').map((entry) => entry.trim()).filter(Boolean))
    .refine(
      (entries) => entries.every((entry) => ['loopback', 'linklocal', 'uniquelocal'].includes(entry) || isIP(entry) > 0 || /^[0-9a-fA-F:.]+\/\d{1,3}$/.test(entry) && isIP(entry.split('/')[0]) > 0),
      'comma-separated addresses, CIDR ranges (10.0.0.0/8) or loopback, linklocal, uniquelocal',
    );
const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);
/** An absolute http(s) URL: these end up in links and forms, where javascript: or data: would be a hole. */
const httpUrl = () => z.string().url().refine((url) => /^https?:\/\//i.test(url), 'must be an http:// or https:// URL');

/** Every environment variable Sitrep reads, with its default. The README's configuration table mirrors this. */
const envSchema = z.object({
  DATABASE_URL: z.string().url().optional(),
  NATS_URL: z.string().min(1).optional(),
  SITREP_NAMESPACE: z.string().regex(/^[a-z][a-z0-9_-]*$/, 'lower-case letters, digits, - and _').default('sitrep'),
  SITREP_DATA_DIR: z.string().min(1).default('./.sitrep'),
  SITREP_ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  SITREP_INSTANCE_ID: z.string().min(1).optional(),
  CORE_PORT: port(3000),
  COMMS_PORT: port(3001),
  STATUS_PAGE_PORT: port(3002),
  /** Interface the apps listen on; unset: 127.0.0.1 in embedded mode (its dev surfaces stay on this machine), 0.0.0.0 otherwise. */
  HOST: z.string().min(1).optional(),
  PUBLIC_URL: z.string().url().optional(),
  STATUS_PAGE_NAME: z.string().min(1).default('Sitrep Status'),
  OUTBOX_RELAY: z.enum(['on', 'off']).default('on'),
  NATS_REPLICAS: z.coerce.number().int().min(1).max(5).default(1),
  CONSUMER_MAX_DELIVERIES: z.coerce.number().int().min(1).default(5),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
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
  /** incident-core's console: single sign-on with OpenID Connect (all three or none). */
  OIDC_ISSUER_URL: httpUrl().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  /** Sign a verified email that is not on the roster in as a new viewer, instead of refusing it. */
  OIDC_AUTO_PROVISION: z.enum(['on', 'off']).default('off'),
  /** incident-core's address as browsers reach it (the OIDC redirect URI is built on it); default: the request's host. */
  CORE_PUBLIC_URL: httpUrl().optional(),
  /** Console sessions end after this long without a request, and this long after sign-in whatever. */
  CONSOLE_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  CONSOLE_SESSION_HOURS: z.coerce.number().int().min(1).max(7 * 24).default(12),
  /** status-page: comms' public HTTP API, where the subscribe forms forward (default: comms on this host). */
  COMMS_PUBLIC_URL: httpUrl().optional(),
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
  /** Write the status page's model to SITREP_DATA_DIR on each change, and start from it when NATS is unreachable. */
  STATUS_PAGE_SNAPSHOT: z.enum(['on', 'off']).default('on'),
  /** How long a cold-starting status page waits for NATS before serving its snapshot instead. */
  STATUS_PAGE_BUS_WAIT_MS: z.coerce.number().int().min(0).default(5000),
  /** HTTP worker processes of one status page (node:cluster); 1 serves from the main process. */
  STATUS_PAGE_WORKERS: z.coerce.number().int().min(1).max(64).default(1),
  /** incident-core and comms: who may read the OpenAPI document and Swagger UI (public: anyone who can reach the port). */
  SITREP_API_DOCS: z.enum(['signed-in', 'public']).default('signed-in'),
  /** A folder the status page also writes each rendered document (and its headers) to, for nginx to serve. */
  STATUS_PAGE_SITE_DIR: z.string().min(1).optional(),
  /** comms: a folder of Handlebars message templates that replace the built-in ones of the same path. */
  SITREP_TEMPLATES_DIR: z.string().min(1).optional(),
  /** comms' outbound channels. Each vendor is configured by its variables; unset means the channel is off. */
  SMTP_URL: z.string().regex(/^smtps?:\/\/[^\s]+$/, 'an smtp:// or smtps:// URL, e.g. smtp://user:pass@mail.example.com:587').optional(),
  SMTP_FROM: z.string().min(3).optional(),
  SMTP_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(100).default(5),
  SMTP_PER_SECOND: z.coerce.number().min(0).default(0),
  TWILIO_API_URL: httpUrl().default('https://api.twilio.com'),
  TWILIO_ACCOUNT_SID: z.string().min(1).optional(),
  TWILIO_AUTH_TOKEN: z.string().min(1).optional(),
  TWILIO_FROM: z.string().min(1).optional(),
  /** Texts per second through the SMS provider (Twilio), for all comms processes together. */
  SMS_PER_SECOND: z.coerce.number().min(0).optional(),
  /** The former name of SMS_PER_SECOND, still read. */
  TWILIO_PER_SECOND: z.coerce.number().min(0).optional(),
  SMS_FALLBACK_PROVIDER: z.enum(['vonage']).default('vonage'),
  SMS_FALLBACK_API_URL: httpUrl().default('https://rest.nexmo.com'),
  SMS_FALLBACK_API_KEY: z.string().min(1).optional(),
  SMS_FALLBACK_API_SECRET: z.string().min(1).optional(),
  SMS_FALLBACK_FROM: z.string().min(1).optional(),
  SMS_FALLBACK_PER_SECOND: z.coerce.number().min(0).default(0),
  SLACK_API_URL: httpUrl().default('https://slack.com/api/'),
  SLACK_BOT_TOKEN: z.string().min(1).optional(),
  /** comms: the Slack app's signing secret; the slash commands, buttons and modals are refused without it. */
  SLACK_SIGNING_SECRET: z.string().min(8).optional(),
  SLACK_SUPPORT_CHANNEL: z.string().regex(/^#?[a-z0-9][a-z0-9_-]{0,79}$/, 'a Slack channel name such as #support').optional(),
  /** comms: HMAC key of subscription links; generated once and kept in the database when unset. */
  SITREP_SIGNING_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** comms: base URL of Sitrep's console (incident-core); messages to people link to <url>/console/incidents/<id>. */
  COMMS_CONSOLE_URL: httpUrl().optional(),
  /** comms: comma-separated URLs of fakes' inboxes (GET /_fake/inbox) that /dev/inbox shows. */
  DEV_INBOX_SOURCES: z.string().optional(),
  DELIVERY_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(32),
  DELIVERY_BATCH: z.coerce.number().int().min(1).max(5000).default(200),
  DELIVERY_LEASE_MS: z.coerce.number().int().min(1000).default(60_000),
  DELIVERY_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(8),
  DELIVERY_POLL_MS: z.coerce.number().int().min(10).default(1000),
  FANOUT_PAGE_SIZE: z.coerce.number().int().min(1).max(50_000).default(2000),
  SUBSCRIBE_PER_IP_PER_HOUR: z.coerce.number().int().min(1).default(20),
  SUBSCRIBE_PER_DESTINATION_PER_HOUR: z.coerce.number().int().min(1).default(3),
  SMS_SUBSCRIBE_PER_COUNTRY_PER_HOUR: z.coerce.number().int().min(1).default(200),
  /** Every SMS subscription request together, whatever its country: the ceiling against SMS pumping. */
  SMS_SUBSCRIBE_PER_HOUR: z.coerce.number().int().min(1).default(1000),
  /** status-page: the load balancers in front of it, whose X-Forwarded-For names the visitor. */
  STATUS_PAGE_TRUSTED_PROXIES: trustedProxies(),
  /** comms: the hops (the status page, load balancers) whose X-Forwarded-For names the subscriber's address. */
  COMMS_TRUSTED_PROXIES: trustedProxies(),
  /** ISO country codes SMS subscriptions may come from (SMS-pumping defence); unset: any. */
  SMS_ALLOWED_COUNTRIES: z.string().regex(/^[A-Za-z]{2}(,[A-Za-z]{2})*$/, 'comma-separated ISO 3166 country codes, e.g. US,GB,DE').optional(),
});

/** The names of every environment variable Sitrep reads (deployment files are checked against them). */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(envSchema.shape);

export interface SitrepConfig {
  /** embedded: PGlite + in-process bus in one process; distributed: real PostgreSQL and NATS. */
  mode: 'embedded' | 'distributed';
  databaseUrl?: string;
  natsUrl?: string;
  namespace: string;
  dataDir: string;
  adminToken?: string;
  instanceId: string;
  host: string;
  ports: { core: number; comms: number; statusPage: number };
  publicUrl?: string;
  statusPageName: string;
  outboxRelay: boolean;
  natsReplicas: number;
  consumerMaxDeliveries: number;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  /** JSON or YAML file of people and escalation contacts that incident-core loads at start-up. */
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
  /** incident-core's console: sign-in and sessions. */
  console: ConsoleConfig;
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
  /** signed-in: /api/docs and /api/docs-json need a bearer token; public: they need none. */
  apiDocs: 'signed-in' | 'public';
  statusPageSiteDir: string | null;
  /** comms: folder whose message templates (<kind>/<template>.hbs) replace the built-in ones; null: built-ins only. */
  templatesDir: string | null;
  /** comms: outbound channels, fan-out workers and the public subscription limits. */
  comms: CommsConfig;
}

export interface CommsConfig {
  email: { smtpUrl: string; from: string; maxConnections: number; perSecond: number } | null;
  twilio: { apiUrl: string; accountSid: string; authToken: string; from: string; perSecond: number } | null;
  smsFallback: { provider: 'vonage'; apiUrl: string; apiKey: string; apiSecret: string; from: string; perSecond: number } | null;
  slack: { apiUrl: string; botToken: string; signingSecret: string | null } | null;
  /** Where the support team gets the canned responses of each incident (SLACK_SUPPORT_CHANNEL). */
  supportChannel: string | null;
  signingSecret: string | null;
  devInboxSources: string[];
  /** Base URL of the console that messages to people link to; null: they link to the war room only. */
  consoleUrl: string | null;
  delivery: { concurrency: number; batchSize: number; leaseMs: number; maxAttempts: number; pollMs: number; fanoutPageSize: number };
  limits: { perIpPerHour: number; perDestinationPerHour: number; smsPerCountryPerHour: number; smsPerHour: number; smsAllowedCountries: string[] | null };
  /** Hops whose X-Forwarded-For comms believes: the status page's forms forward the visitor's address. */
  trustedProxies: string[];
}

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

export class ConfigError extends Error {}

/** Reads and validates the environment once, at boot; the rest of the code trusts the typed result. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): SitrepConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (Boolean(e.DATABASE_URL) !== Boolean(e.NATS_URL)) {
    throw new ConfigError(
      'invalid configuration:\n  DATABASE_URL and NATS_URL go together: set both for the distributed setup, or neither for embedded mode',
    );
  }
  const jiraVars = [e.JIRA_URL, e.JIRA_USER, e.JIRA_API_TOKEN, e.JIRA_PROJECT_KEY];
  const channelGroups: [string, (string | undefined)[]][] = [
    ['SMTP_URL and SMTP_FROM', [e.SMTP_URL, e.SMTP_FROM]],
    ['TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM', [e.TWILIO_ACCOUNT_SID, e.TWILIO_AUTH_TOKEN, e.TWILIO_FROM]],
    ['SMS_FALLBACK_API_KEY, SMS_FALLBACK_API_SECRET and SMS_FALLBACK_FROM', [e.SMS_FALLBACK_API_KEY, e.SMS_FALLBACK_API_SECRET, e.SMS_FALLBACK_FROM]],
  ];
  for (const [names, values] of channelGroups) {
    if (values.some(Boolean) && !values.every(Boolean)) throw new ConfigError(`invalid configuration:\n  ${names} go together: set all of them to turn the channel on, or none`);
  }
  if (e.SMS_PER_SECOND !== undefined && e.TWILIO_PER_SECOND !== undefined && e.SMS_PER_SECOND !== e.TWILIO_PER_SECOND) {
    throw new ConfigError(`invalid configuration:\n  SMS_PER_SECOND (${e.SMS_PER_SECOND}) and TWILIO_PER_SECOND (${e.TWILIO_PER_SECOND}, its former name) disagree: set only SMS_PER_SECOND`);
  }
  const smsPerSecond = e.SMS_PER_SECOND ?? e.TWILIO_PER_SECOND ?? 0;
  const oidcVars = [e.OIDC_ISSUER_URL, e.OIDC_CLIENT_ID, e.OIDC_CLIENT_SECRET];
  if (oidcVars.some(Boolean) && !oidcVars.every(Boolean)) {
    throw new ConfigError('invalid configuration:\n  OIDC_ISSUER_URL, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET go together: set all three for single sign-on, or none');
  }
  if (jiraVars.some(Boolean) && !jiraVars.every(Boolean)) {
    throw new ConfigError('invalid configuration:\n  JIRA_URL, JIRA_USER, JIRA_API_TOKEN and JIRA_PROJECT_KEY go together: set all four to export action items, or none');
  }
  return {
    mode: e.DATABASE_URL ? 'distributed' : 'embedded',
    databaseUrl: e.DATABASE_URL,
    natsUrl: e.NATS_URL,
    namespace: e.SITREP_NAMESPACE,
    dataDir: e.SITREP_DATA_DIR,
    adminToken: e.SITREP_ADMIN_TOKEN,
    instanceId: e.SITREP_INSTANCE_ID ?? `${hostname()}-${process.pid}`,
    host: e.HOST ?? (e.DATABASE_URL ? '0.0.0.0' : '127.0.0.1'),
    ports: { core: e.CORE_PORT, comms: e.COMMS_PORT, statusPage: e.STATUS_PAGE_PORT },
    publicUrl: e.PUBLIC_URL,
    statusPageName: e.STATUS_PAGE_NAME,
    outboxRelay: e.OUTBOX_RELAY === 'on',
    natsReplicas: e.NATS_REPLICAS,
    consumerMaxDeliveries: e.CONSUMER_MAX_DELIVERIES,
    logLevel: e.LOG_LEVEL,
    rosterFile: e.SITREP_ROSTER_FILE,
    policyFile: e.SITREP_POLICY_FILE,
    normalTicketsPerHour: e.SITREP_NORMAL_TICKETS_PER_HOUR,
    customerBaseTotal: e.SITREP_CUSTOMER_BASE_TOTAL ?? null,
    compensationCeiling: e.SITREP_COMPENSATION_CEILING,
    deadlinePollMs: e.DEADLINE_POLL_MS,
    revenuePerMinute: e.SITREP_REVENUE_PER_MINUTE ?? null,
    jira: e.JIRA_URL && e.JIRA_USER && e.JIRA_API_TOKEN && e.JIRA_PROJECT_KEY ? { url: e.JIRA_URL.replace(/\/+$/, ''), user: e.JIRA_USER, apiToken: e.JIRA_API_TOKEN, projectKey: e.JIRA_PROJECT_KEY } : null,
    console: {
      oidc: e.OIDC_ISSUER_URL && e.OIDC_CLIENT_ID && e.OIDC_CLIENT_SECRET ? { issuerUrl: e.OIDC_ISSUER_URL, clientId: e.OIDC_CLIENT_ID, clientSecret: e.OIDC_CLIENT_SECRET } : null,
      autoProvision: e.OIDC_AUTO_PROVISION === 'on',
      publicUrl: e.CORE_PUBLIC_URL?.replace(/\/+$/, '') ?? null,
      idleSeconds: e.CONSOLE_IDLE_MINUTES * 60,
      absoluteSeconds: e.CONSOLE_SESSION_HOURS * 60 * 60,
    },
    commsPublicUrl: (e.COMMS_PUBLIC_URL ?? `http://127.0.0.1:${e.COMMS_PORT}`).replace(/\/+$/, ''),
    statusPageLogoUrl: e.STATUS_PAGE_LOGO_URL ?? null,
    statusPageAccentColor: e.STATUS_PAGE_ACCENT_COLOR.toLowerCase(),
    statusPageLinks: e.STATUS_PAGE_LINKS,
    statusPageSnapshot: e.STATUS_PAGE_SNAPSHOT === 'on',
    statusPageBusWaitMs: e.STATUS_PAGE_BUS_WAIT_MS,
    statusPageWorkers: e.STATUS_PAGE_WORKERS,
    statusPageTrustedProxies: e.STATUS_PAGE_TRUSTED_PROXIES,
    apiDocs: e.SITREP_API_DOCS,
    statusPageSiteDir: e.STATUS_PAGE_SITE_DIR ?? null,
    templatesDir: e.SITREP_TEMPLATES_DIR ?? null,
    comms: {
      email: e.SMTP_URL && e.SMTP_FROM ? { smtpUrl: e.SMTP_URL, from: e.SMTP_FROM, maxConnections: e.SMTP_MAX_CONNECTIONS, perSecond: e.SMTP_PER_SECOND } : null,
      twilio:
        e.TWILIO_ACCOUNT_SID && e.TWILIO_AUTH_TOKEN && e.TWILIO_FROM
          ? { apiUrl: e.TWILIO_API_URL.replace(/\/+$/, ''), accountSid: e.TWILIO_ACCOUNT_SID, authToken: e.TWILIO_AUTH_TOKEN, from: e.TWILIO_FROM, perSecond: smsPerSecond }
          : null,
      smsFallback:
        e.SMS_FALLBACK_API_KEY && e.SMS_FALLBACK_API_SECRET && e.SMS_FALLBACK_FROM
          ? { provider: e.SMS_FALLBACK_PROVIDER, apiUrl: e.SMS_FALLBACK_API_URL.replace(/\/+$/, ''), apiKey: e.SMS_FALLBACK_API_KEY, apiSecret: e.SMS_FALLBACK_API_SECRET, from: e.SMS_FALLBACK_FROM, perSecond: e.SMS_FALLBACK_PER_SECOND }
          : null,
      supportChannel: e.SLACK_SUPPORT_CHANNEL ?? null,
      slack: e.SLACK_BOT_TOKEN ? { apiUrl: e.SLACK_API_URL.replace(/\/*$/, '/'), botToken: e.SLACK_BOT_TOKEN, signingSecret: e.SLACK_SIGNING_SECRET ?? null } : null,
      signingSecret: e.SITREP_SIGNING_SECRET ?? null,
      devInboxSources: (e.DEV_INBOX_SOURCES ?? '').split(',').map((u) => u.trim()).filter(Boolean),
      consoleUrl: e.COMMS_CONSOLE_URL ? e.COMMS_CONSOLE_URL.replace(/\/+$/, '') : null,
      delivery: { concurrency: e.DELIVERY_CONCURRENCY, batchSize: e.DELIVERY_BATCH, leaseMs: e.DELIVERY_LEASE_MS, maxAttempts: e.DELIVERY_MAX_ATTEMPTS, pollMs: e.DELIVERY_POLL_MS, fanoutPageSize: e.FANOUT_PAGE_SIZE },
      limits: {
        perIpPerHour: e.SUBSCRIBE_PER_IP_PER_HOUR,
        perDestinationPerHour: e.SUBSCRIBE_PER_DESTINATION_PER_HOUR,
        smsPerCountryPerHour: e.SMS_SUBSCRIBE_PER_COUNTRY_PER_HOUR,
        smsPerHour: e.SMS_SUBSCRIBE_PER_HOUR,
        smsAllowedCountries: e.SMS_ALLOWED_COUNTRIES ? e.SMS_ALLOWED_COUNTRIES.toUpperCase().split(',') : null,
      },
      trustedProxies: e.COMMS_TRUSTED_PROXIES,
    },
  };
}

/** For entry points: the validated configuration, or the reasons printed and exit code 78 (EX_CONFIG). */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): SitrepConfig {
  try {
    return loadConfig(env);
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(78);
  }
}
