import { COMMAND_NAMES } from '@sitrep/contracts';

/** A route the fuzzer aims at: which service, method and path template, and the JSON schema of its body if documented. */
export interface FuzzRoute {
  service: 'incident-core' | 'comms' | 'status-page';
  method: string;
  /** "/api/v1/incidents/{id}/notes" */
  path: string;
  bodySchema?: JsonSchema;
  /** Public routes are fuzzed without a token too; the others mostly with the admin's, so that input reaches validation. */
  public: boolean;
  /** The body is an HTML form (status-page forms, comms' approval page). */
  form?: boolean;
  /**
   * Behind a cookie session (the console, the approval page): a share of requests is sent signed in, with
   * the session's CSRF token, so that hostile input reaches the form handlers and not only the session check.
   * Sign-in and sign-out are left out: signing the fuzzer's own session out would end the signed-in share.
   */
  session?: 'console' | 'approvals';
  /** Which known ids fill {id} when it names something other than an incident. */
  ids?: 'communication' | 'token';
}

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, { security?: unknown[]; requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }>>;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** Public routes of the internal services (no token needed), as their controllers mark them. */
const PUBLIC_PREFIXES = ['/health', '/api/v1/subscribers', '/api/v1/webhooks', '/approvals', '/dev/'];

/** Every operation of a service's OpenAPI document. */
export function routesFromOpenApi(service: FuzzRoute['service'], doc: OpenApiDocument): FuzzRoute[] {
  const routes: FuzzRoute[] = [];
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(operations)) {
      if (!METHODS.includes(method)) continue;
      const bodySchema = op.requestBody?.content?.['application/json']?.schema;
      routes.push({ service, method: method.toUpperCase(), path, bodySchema, public: PUBLIC_PREFIXES.some((p) => path.startsWith(p)) });
    }
  }
  return routes;
}

/**
 * The status page has no OpenAPI document: its routes are the pre-rendered documents (Statuspage v2 API,
 * pages, feeds) and the Nest side (forms, landing links, health, metrics).
 */
export const STATUS_PAGE_ROUTES: FuzzRoute[] = [
  ...[
    '/',
    '/index.html',
    '/history',
    '/incidents/{id}',
    '/api/v2/summary.json',
    '/api/v2/status.json',
    '/api/v2/components.json',
    '/api/v2/incidents.json',
    '/api/v2/incidents/unresolved.json',
    '/api/v2/scheduled-maintenances.json',
    '/api/v2/scheduled-maintenances/upcoming.json',
    '/api/v2/scheduled-maintenances/active.json',
    '/history.rss',
    '/history.atom',
    '/subscriptions/confirm',
    '/subscriptions/unsubscribe',
    '/health/live',
    '/health/ready',
    '/metrics',
    '/{id}',
  ].map((path) => ({ service: 'status-page' as const, method: 'GET', path, public: true })),
  ...['/subscriptions/email', '/subscriptions/sms', '/subscriptions/sms/confirm', '/subscriptions/unsubscribe'].map((path) => ({ service: 'status-page' as const, method: 'POST', path, public: true, form: true })),
  { service: 'status-page', method: 'POST', path: '/api/v2/summary.json', public: true },
  { service: 'status-page', method: 'HEAD', path: '/', public: true },
];

/**
 * The fields the console's forms send (command forms, declaring), every one optional: plausible() fills
 * about half of them and mutate() makes one hostile, so each handler sees near-valid forms with one bad field.
 */
const CONSOLE_FORM: JsonSchema = {
  type: 'object',
  properties: Object.fromEntries(
    ['text', 'reason', 'summary', 'details', 'title', 'description', 'trigger', 'impactScope', 'deployRef', 'source', 'notes', 'currency', 'duplicateOf', 'dueDate', 'returnTo']
      .map((name) => [name, { type: 'string' }] as [string, JsonSchema])
      .concat([
        ['severity', { enum: ['P1', 'P2', 'P3', 'P4'] }],
        ['status', { enum: ['investigating', 'identified', 'monitoring', 'open', 'done'] }],
        ['role', { enum: ['commander', 'comms_lead', 'executive_sponsor', 'technical_lead', 'scribe', 'customer_liaison'] }],
        ['section', { enum: ['summary', 'impact', 'root_cause', 'timeline', 'lessons'] }],
        ['priority', { enum: ['low', 'medium', 'high'] }],
        ['passed', { enum: ['true', 'false'] }],
        ['healthy', { enum: ['true', 'false'] }],
        ['severityConfirmed', { enum: ['P1', 'P2', 'P3', 'P4'] }],
        ['customersAffected', { type: 'integer', maximum: 1000 }],
        ['count', { type: 'integer', maximum: 1000 }],
        ['windowMinutes', { type: 'integer', maximum: 120 }],
        ['amount', { type: 'number', maximum: 1000 }],
        ['personId', { type: 'string', format: 'uuid' }],
        ['ownerPersonId', { type: 'string', format: 'uuid' }],
        ['itemId', { type: 'string', format: 'uuid' }],
        ['componentIds', { type: 'string', format: 'uuid' }],
        ['enterpriseCustomersAffected', { type: 'string' }],
        ['customers', { type: 'string' }],
      ]),
  ),
};

/** The fields of the approval page's forms (edit and approve, reject). */
const APPROVAL_FORM: JsonSchema = {
  type: 'object',
  required: ['title', 'body', 'status', 'impact'],
  properties: {
    title: { type: 'string' },
    body: { type: 'string' },
    status: { enum: ['investigating', 'identified', 'monitoring', 'resolved'] },
    impact: { enum: ['none', 'minor', 'major', 'critical'] },
    channels: { enum: ['email', 'sms', 'status_page', 'slack'] },
    reason: { type: 'string' },
  },
};

/** Routes outside the OpenAPI documents that take input: comms' approval page, the console (forms) and the dev inbox. */
export const EXTRA_INTERNAL_ROUTES: FuzzRoute[] = [
  { service: 'comms', method: 'GET', path: '/approvals', public: true, session: 'approvals' },
  { service: 'comms', method: 'GET', path: '/approvals/sign-in', public: true },
  { service: 'comms', method: 'POST', path: '/approvals/sign-in', public: true, form: true },
  { service: 'comms', method: 'POST', path: '/approvals/sign-out', public: true, form: true },
  { service: 'comms', method: 'POST', path: '/approvals/{id}/edit', public: true, form: true, session: 'approvals', ids: 'communication', bodySchema: APPROVAL_FORM },
  { service: 'comms', method: 'POST', path: '/approvals/{id}/approve', public: true, form: true, session: 'approvals', ids: 'communication', bodySchema: APPROVAL_FORM },
  { service: 'comms', method: 'POST', path: '/approvals/{id}/reject', public: true, form: true, session: 'approvals', ids: 'communication', bodySchema: APPROVAL_FORM },
  { service: 'comms', method: 'GET', path: '/approvals/sign-in/sso', public: true },
  { service: 'comms', method: 'GET', path: '/approvals/sign-in/callback', public: true },
  { service: 'comms', method: 'GET', path: '/dev/inbox', public: false },
  // The console signs people in with a cookie session: without one each route must refuse cleanly, whatever comes.
  ...['/console/sign-in', '/console/sign-in/sso', '/console/sign-in/callback', '/console/assets/{name}'].map((path) => ({ service: 'incident-core' as const, method: 'GET', path, public: true })),
  ...['/console', '/console/incidents/{id}', '/console/incidents/{id}/live', '/console/incidents/{id}/postmortem', '/console/people', '/console/tokens', '/console/reports', '/console/dead-letters'].map((path) => ({ service: 'incident-core' as const, method: 'GET', path, public: true, session: 'console' as const })),
  ...['/console/sign-in', '/console/sign-out'].map((path) => ({ service: 'incident-core' as const, method: 'POST', path, public: true, form: true })),
  ...['/console/incidents', '/console/incidents/{id}/commands/{name}', '/console/dead-letters/{sequence}/replay'].map((path) => ({ service: 'incident-core' as const, method: 'POST', path, public: true, form: true, session: 'console' as const, bodySchema: CONSOLE_FORM })),
  // Each command's form as a route of its own, so that every command gets its share of hostile forms.
  ...COMMAND_NAMES.map((name) => ({ service: 'incident-core' as const, method: 'POST', path: `/console/incidents/{id}/commands/${name}`, public: true, form: true, session: 'console' as const, bodySchema: CONSOLE_FORM })),
  { service: 'incident-core', method: 'POST', path: '/console/tokens/{id}/revoke', public: true, form: true, session: 'console', ids: 'token' },
  { service: 'comms', method: 'GET', path: '/api/docs-json', public: false },
  { service: 'incident-core', method: 'GET', path: '/api/docs-json', public: false },
];
