import type { IncidentCoreConfig, JiraConfig } from '../../config/incident-core-config';

/** What post-mortems need from the configuration. */
export interface PostmortemSettings {
  /** SITREP_REVENUE_PER_MINUTE */
  revenuePerMinute: number | null;
  /** JIRA_URL, JIRA_USER, JIRA_API_TOKEN, JIRA_PROJECT_KEY; null when Jira is not configured. */
  jira: JiraConfig | null;
  /** Where people reach incident-core (CORE_PUBLIC_URL, else localhost and CORE_PORT): links in invitations are absolute. */
  publicUrl?: string;
}

export const POSTMORTEM_SETTINGS = Symbol('PostmortemSettings');

export function postmortemSettingsFrom(config: Pick<IncidentCoreConfig, 'revenuePerMinute' | 'jira'> & Partial<Pick<IncidentCoreConfig, 'console' | 'ports'>>): PostmortemSettings {
  const publicUrl = config.console?.publicUrl ?? (config.ports ? `http://localhost:${config.ports.core}` : undefined);
  return { revenuePerMinute: config.revenuePerMinute, jira: config.jira, ...(publicUrl ? { publicUrl } : {}) };
}
