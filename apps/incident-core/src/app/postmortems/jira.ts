import type { JiraConfig } from '../../config/incident-core-config';
import type { ActionItemPriority } from '@sitrep/contracts';

/** Exports post-mortem action items to Jira: POST {JIRA_URL}/rest/api/2/issue with Basic auth. */

export interface JiraIssueRequest {
  summary: string;
  description: string;
  priority: ActionItemPriority;
  dueDate: string;
  labels: string[];
}

export interface CreatedJiraIssue {
  id: string;
  key: string;
  /** The issue's page for people: {JIRA_URL}/browse/{key}. */
  browseUrl: string;
}

export class JiraError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
  }
}

const PRIORITY_NAMES: Record<ActionItemPriority, string> = { high: 'High', medium: 'Medium', low: 'Low' };

/** The body Jira's REST API v2 expects for a new task. */
export function jiraIssueBody(projectKey: string, issue: JiraIssueRequest) {
  return {
    fields: {
      project: { key: projectKey },
      issuetype: { name: 'Task' },
      summary: issue.summary.slice(0, 255),
      description: issue.description,
      priority: { name: PRIORITY_NAMES[issue.priority] },
      duedate: issue.dueDate,
      labels: issue.labels,
    },
  };
}

export async function createJiraIssue(config: JiraConfig, issue: JiraIssueRequest, timeoutMs = 10_000): Promise<CreatedJiraIssue> {
  const auth = Buffer.from(`${config.user}:${config.apiToken}`, 'utf8').toString('base64');
  let response: Response;
  try {
    response = await fetch(`${config.url}/rest/api/2/issue`, {
      method: 'POST',
      headers: { authorization: `Basic ${auth}`, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(jiraIssueBody(config.projectKey, issue)),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new JiraError(`Jira at ${config.url} could not be reached: ${(error as Error).message}`, null);
  }
  const text = await response.text();
  if (response.status !== 201) {
    let reason = text.slice(0, 500);
    try {
      const body = JSON.parse(text) as { errorMessages?: string[]; errors?: Record<string, string> };
      const messages = [...(body.errorMessages ?? []), ...Object.entries(body.errors ?? {}).map(([field, message]) => `${field}: ${message}`)];
      if (messages.length) reason = messages.join('; ');
    } catch {
      // not JSON: keep the raw text
    }
    throw new JiraError(`Jira refused the issue (${response.status}): ${reason}`, response.status);
  }
  const created = JSON.parse(text) as { id: string; key: string };
  return { id: String(created.id), key: created.key, browseUrl: `${config.url}/browse/${created.key}` };
}
