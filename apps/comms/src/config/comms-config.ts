import { z } from 'zod';
import { ConfigError, OUTBOX_VARIABLES, RUNTIME_VARIABLES, RuntimeConfig, SHARED_VARIABLES, SingleSignOnConfig, commsPublicUrl, httpUrl, readEnvironment, runtimeConfig, singleSignOn, together, trustedProxies } from '@sitrep/config';

/** Every environment variable comms reads, with its default. The README's configuration table mirrors this. */
export const COMMS_VARIABLES = {
  ...RUNTIME_VARIABLES,
  ...OUTBOX_VARIABLES,
  SITREP_ADMIN_TOKEN: SHARED_VARIABLES.SITREP_ADMIN_TOKEN,
  SITREP_API_DOCS: SHARED_VARIABLES.SITREP_API_DOCS,
  COMMS_PORT: SHARED_VARIABLES.COMMS_PORT,
  /** Where the support briefing links to the status page when PUBLIC_URL is unset (embedded mode). */
  STATUS_PAGE_PORT: SHARED_VARIABLES.STATUS_PAGE_PORT,
  PUBLIC_URL: SHARED_VARIABLES.PUBLIC_URL,
  STATUS_PAGE_NAME: SHARED_VARIABLES.STATUS_PAGE_NAME,
  COMMS_PUBLIC_URL: SHARED_VARIABLES.COMMS_PUBLIC_URL,
  /** The approval page signs in through the console's OpenID Connect provider and client, with its session lifetimes. */
  OIDC_ISSUER_URL: SHARED_VARIABLES.OIDC_ISSUER_URL,
  OIDC_CLIENT_ID: SHARED_VARIABLES.OIDC_CLIENT_ID,
  OIDC_CLIENT_SECRET: SHARED_VARIABLES.OIDC_CLIENT_SECRET,
  CONSOLE_IDLE_MINUTES: SHARED_VARIABLES.CONSOLE_IDLE_MINUTES,
  CONSOLE_SESSION_HOURS: SHARED_VARIABLES.CONSOLE_SESSION_HOURS,
  /** A folder of Handlebars message templates that replace the built-in ones of the same path. */
  SITREP_TEMPLATES_DIR: z.string().min(1).optional(),
  /** Outbound channels. Each vendor is configured by its variables; unset means the channel is off. */
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
  /** The Slack app's signing secret; the slash commands, buttons and modals are refused without it. */
  SLACK_SIGNING_SECRET: z.string().min(8).optional(),
  SLACK_SUPPORT_CHANNEL: z.string().regex(/^#?[a-z0-9][a-z0-9_-]{0,79}$/, 'a Slack channel name such as #support').optional(),
  /** HMAC key of subscription links; generated once and kept in the database when unset. */
  SITREP_SIGNING_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Base URL of Sitrep's console (incident-core); messages to people link to <url>/console/incidents/<id>. */
  COMMS_CONSOLE_URL: httpUrl().optional(),
  /** Comma-separated URLs of fakes' inboxes (GET /_fake/inbox) that /dev/inbox shows. */
  DEV_INBOX_SOURCES: z.string().optional(),
  DELIVERY_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(32),
  DELIVERY_BATCH: z.coerce.number().int().min(1).max(5000).default(200),
  DELIVERY_LEASE_MS: z.coerce.number().int().min(1000).default(60_000),
  DELIVERY_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(8),
  DELIVERY_POLL_MS: z.coerce.number().int().min(10).default(1000),
  FANOUT_PAGE_SIZE: z.coerce.number().int().min(1).max(50_000).default(2000),
  /**
   * Retries of the consumers that must ask incident-core (who sponsors an incident): delays before each
   * redelivery (the last repeats) and deliveries before a dead letter. The defaults keep trying for about ten
   * minutes, longer than a rolling restart of incident-core, where the apps' default gives up after ~21 s.
   */
  INCIDENT_CORE_RETRY_BACKOFF_MS: z.string().regex(/^\d+(,\d+)*$/, 'comma-separated milliseconds, e.g. 1000,5000,60000').default('200,1000,5000,15000,30000,60000'),
  INCIDENT_CORE_RETRY_MAX_DELIVERIES: z.coerce.number().int().min(1).default(15),
  SUBSCRIBE_PER_IP_PER_HOUR: z.coerce.number().int().min(1).default(20),
  SUBSCRIBE_PER_DESTINATION_PER_HOUR: z.coerce.number().int().min(1).default(3),
  SMS_SUBSCRIBE_PER_COUNTRY_PER_HOUR: z.coerce.number().int().min(1).default(200),
  /** Every SMS subscription request together, whatever its country: the ceiling against SMS pumping. */
  SMS_SUBSCRIBE_PER_HOUR: z.coerce.number().int().min(1).default(1000),
  /** The hops (the status page, load balancers) whose X-Forwarded-For names the subscriber's address. */
  COMMS_TRUSTED_PROXIES: trustedProxies(),
  /** ISO country codes SMS subscriptions may come from (SMS-pumping defence); unset: any. */
  SMS_ALLOWED_COUNTRIES: z.string().regex(/^[A-Za-z]{2}(,[A-Za-z]{2})*$/, 'comma-separated ISO 3166 country codes, e.g. US,GB,DE').optional(),
};

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
  /** Retry policy of the consumers that wait on incident-core's answers (INCIDENT_CORE_RETRY_*). */
  incidentCoreRetry: { maxDeliveries: number; backoffMs: number[] };
  limits: { perIpPerHour: number; perDestinationPerHour: number; smsPerCountryPerHour: number; smsPerHour: number; smsAllowedCountries: string[] | null };
  /** Hops whose X-Forwarded-For comms believes: the status page's forms forward the visitor's address. */
  trustedProxies: string[];
}

export interface CommsAppConfig extends RuntimeConfig {
  adminToken?: string;
  /** signed-in: /api/docs and /api/docs-json need a bearer token; public: they need none. */
  apiDocs: 'signed-in' | 'public';
  ports: { comms: number; statusPage: number };
  /** The status page's public URL, which messages link to. */
  publicUrl?: string;
  statusPageName: string;
  /** comms' public base URL, without a trailing slash. */
  commsPublicUrl: string;
  /** Folder whose message templates (<kind>/<template>.hbs) replace the built-in ones; null: built-ins only. */
  templatesDir: string | null;
  /** Outbound channels, fan-out workers and the public subscription limits. */
  comms: CommsConfig;
  /** The approval page's single sign-on (the console's provider and client) and session lifetimes. */
  approvalPage: SingleSignOnConfig;
}

/** Reads and validates comms' environment once, at boot; the rest of the code trusts the typed result. */
export function loadCommsConfig(env: NodeJS.ProcessEnv = process.env): CommsAppConfig {
  const e = readEnvironment(COMMS_VARIABLES, env);
  const runtime = runtimeConfig(e, { database: true });
  together('SMTP_URL and SMTP_FROM', [e.SMTP_URL, e.SMTP_FROM], 'set all of them to turn the channel on, or none');
  together('TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM', [e.TWILIO_ACCOUNT_SID, e.TWILIO_AUTH_TOKEN, e.TWILIO_FROM], 'set all of them to turn the channel on, or none');
  together('SMS_FALLBACK_API_KEY, SMS_FALLBACK_API_SECRET and SMS_FALLBACK_FROM', [e.SMS_FALLBACK_API_KEY, e.SMS_FALLBACK_API_SECRET, e.SMS_FALLBACK_FROM], 'set all of them to turn the channel on, or none');
  if (e.SMS_PER_SECOND !== undefined && e.TWILIO_PER_SECOND !== undefined && e.SMS_PER_SECOND !== e.TWILIO_PER_SECOND) {
    throw new ConfigError(`invalid configuration:\n  SMS_PER_SECOND (${e.SMS_PER_SECOND}) and TWILIO_PER_SECOND (${e.TWILIO_PER_SECOND}, its former name) disagree: set only SMS_PER_SECOND`);
  }
  const smsPerSecond = e.SMS_PER_SECOND ?? e.TWILIO_PER_SECOND ?? 0;
  return {
    ...runtime,
    adminToken: e.SITREP_ADMIN_TOKEN,
    apiDocs: e.SITREP_API_DOCS,
    ports: { comms: e.COMMS_PORT, statusPage: e.STATUS_PAGE_PORT },
    publicUrl: e.PUBLIC_URL,
    statusPageName: e.STATUS_PAGE_NAME,
    commsPublicUrl: commsPublicUrl(e),
    templatesDir: e.SITREP_TEMPLATES_DIR ?? null,
    approvalPage: singleSignOn(e),
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
      incidentCoreRetry: { maxDeliveries: e.INCIDENT_CORE_RETRY_MAX_DELIVERIES, backoffMs: e.INCIDENT_CORE_RETRY_BACKOFF_MS.split(',').map(Number) },
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
