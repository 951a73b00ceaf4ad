import type { JiraConfig, SitrepConfig } from '@sitrep/config';

/** What post-mortems need from the configuration. */
export interface PostmortemSettings {
  /** SITREP_REVENUE_PER_MINUTE */
  revenuePerMinute: number | null;
  /** JIRA_URL, JIRA_USER, JIRA_API_TOKEN, JIRA_PROJECT_KEY; null when Jira is not configured. */
  jira: JiraConfig | null;
}

export const POSTMORTEM_SETTINGS = Symbol('PostmortemSettings');

export function postmortemSettingsFrom(config: Pick<SitrepConfig, 'revenuePerMinute' | 'jira'>): PostmortemSettings {
  return { revenuePerMinute: config.revenuePerMinute, jira: config.jira };
}
