import { IncomingHttpHeaders, Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as Jira would have received it. */
export interface JiraRecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
  json: unknown;
  receivedAt: Date;
}

export interface JiraFakeIssue {
  id: string;
  key: string;
  fields: Record<string, unknown>;
  createdAt: Date;
}

export interface JiraFakeOptions {
  user?: string;
  apiToken?: string;
  /** Project keys that exist (default: OPS). */
  projects?: string[];
  /** First issue number (default 1). */
  firstIssueNumber?: number;
}

/**
 * Jira Cloud's REST API v2 as far as Sitrep uses it: POST /rest/api/2/issue with HTTP Basic auth (user
 * e-mail and API token) answers 201 {id, key, self}; GET /rest/api/2/issue/{key} returns the issue.
 * Errors come back in Jira's shape ({errorMessages, errors}); every request is recorded. It can be told
 * to fail the next request with a status.
 */
export class JiraFake {
  readonly user: string;
  readonly apiToken: string;
  readonly requests: JiraRecordedRequest[] = [];
  readonly issues: JiraFakeIssue[] = [];
  private readonly projects: Set<string>;
  private nextNumber: number;
  private nextId = 10_000;
  private failures: number[] = [];
  private server: Server | null = null;
  private address: string | null = null;

  constructor(options: JiraFakeOptions = {}) {
    this.user = options.user ?? 'sitrep@example.test';
    this.apiToken = options.apiToken ?? 'fake-jira-api-token';
    this.projects = new Set(options.projects ?? ['OPS']);
    this.nextNumber = options.firstIssueNumber ?? 1;
  }

  get url(): string {
    if (!this.address) throw new Error('JiraFake is not started');
    return this.address;
  }

  async start(port = 0, host = '127.0.0.1'): Promise<this> {
    const server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const rawBody = Buffer.concat(chunks).toString('utf8');
      let json: unknown = undefined;
      try {
        json = rawBody ? JSON.parse(rawBody) : undefined;
      } catch {
        json = undefined;
      }
      const request: JiraRecordedRequest = { method: req.method ?? 'GET', path: new URL(req.url ?? '/', 'http://fake').pathname, headers: req.headers, rawBody, json, receivedAt: new Date() };
      this.requests.push(request);
      const { status, body } = this.route(request);
      res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8' });
      res.end(JSON.stringify(body));
    });
    await new Promise<void>((ok, fail) => {
      server.once('error', fail);
      server.listen(port, host, () => ok());
    });
    this.server = server;
    this.address = `http://${host}:${(server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((ok) => server.close(() => ok()));
  }

  /** The next request is answered with this status (Jira's error shape). */
  failNext(status: number, times = 1): void {
    for (let i = 0; i < times; i++) this.failures.push(status);
  }

  /** The environment incident-core needs to talk to this fake. */
  env(projectKey = [...this.projects][0]): Record<string, string> {
    return { JIRA_URL: this.url, JIRA_USER: this.user, JIRA_API_TOKEN: this.apiToken, JIRA_PROJECT_KEY: projectKey };
  }

  private route(request: JiraRecordedRequest): { status: number; body: unknown } {
    const failure = this.failures.shift();
    if (failure) return { status: failure, body: { errorMessages: [`scripted failure ${failure}`], errors: {} } };
    if (!this.authorised(request.headers)) return { status: 401, body: { errorMessages: ['You are not authenticated. Authentication required to perform this operation.'], errors: {} } };
    if (request.method === 'POST' && request.path === '/rest/api/2/issue') return this.createIssue(request.json);
    const get = /^\/rest\/api\/2\/issue\/([^/]+)$/.exec(request.path);
    if (request.method === 'GET' && get) {
      const issue = this.issues.find((i) => i.key === get[1] || i.id === get[1]);
      return issue ? { status: 200, body: { id: issue.id, key: issue.key, self: `${this.url}/rest/api/2/issue/${issue.id}`, fields: issue.fields } } : { status: 404, body: { errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} } };
    }
    return { status: 404, body: { errorMessages: [`no route ${request.method} ${request.path}`], errors: {} } };
  }

  private authorised(headers: IncomingHttpHeaders): boolean {
    const match = typeof headers.authorization === 'string' ? /^Basic\s+(\S+)$/i.exec(headers.authorization) : null;
    if (!match) return false;
    return Buffer.from(match[1], 'base64').toString('utf8') === `${this.user}:${this.apiToken}`;
  }

  private createIssue(body: unknown): { status: number; body: unknown } {
    const fields = (body as { fields?: Record<string, unknown> } | undefined)?.fields;
    if (!fields) return { status: 400, body: { errorMessages: ['Can not deserialize instance of fields'], errors: {} } };
    const errors: Record<string, string> = {};
    const project = (fields.project as { key?: string } | undefined)?.key;
    if (!project) errors.project = 'project is required';
    else if (!this.projects.has(project)) errors.project = 'valid project is required';
    if (typeof fields.summary !== 'string' || !fields.summary.trim()) errors.summary = 'You must specify a summary of the issue.';
    else if (fields.summary.length > 255) errors.summary = 'Summary must be less than 255 characters.';
    if (!(fields.issuetype as { name?: string; id?: string } | undefined)?.name && !(fields.issuetype as { id?: string } | undefined)?.id) errors.issuetype = 'issue type is required';
    if (fields.duedate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(String(fields.duedate))) errors.duedate = 'Error parsing date string: ' + String(fields.duedate);
    if (Object.keys(errors).length) return { status: 400, body: { errorMessages: [], errors } };
    const id = String(this.nextId++);
    const key = `${project}-${this.nextNumber++}`;
    this.issues.push({ id, key, fields, createdAt: new Date() });
    return { status: 201, body: { id, key, self: `${this.url}/rest/api/2/issue/${id}` } };
  }
}
