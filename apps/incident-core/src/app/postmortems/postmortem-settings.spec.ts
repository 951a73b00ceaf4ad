import { ConfigError } from '@sitrep/config';
import { loadIncidentCoreConfig as loadConfig } from '../../config/incident-core-config';
import { jiraIssueBody } from './jira';
import { postmortemSettingsFrom } from './postmortem-settings';

describe('post-mortem settings', () => {
  it('reads the revenue per minute and Jira from the environment', () => {
    const config = loadConfig({ SITREP_REVENUE_PER_MINUTE: '125.5', JIRA_URL: 'https://acme.atlassian.net/', JIRA_USER: 'ops@acme.test', JIRA_API_TOKEN: 'tok', JIRA_PROJECT_KEY: 'OPS' });
    expect(postmortemSettingsFrom(config)).toEqual({ revenuePerMinute: 125.5, jira: { url: 'https://acme.atlassian.net', user: 'ops@acme.test', apiToken: 'tok', projectKey: 'OPS' }, publicUrl: 'http://localhost:3000' });
    expect(postmortemSettingsFrom(loadConfig({ CORE_PUBLIC_URL: 'https://sitrep.acme.test/' }))).toEqual({ revenuePerMinute: null, jira: null, publicUrl: 'https://sitrep.acme.test' });
  });

  it('refuses half a Jira configuration and a bad project key', () => {
    expect(() => loadConfig({ JIRA_URL: 'https://acme.atlassian.net' })).toThrow(ConfigError);
    expect(() => loadConfig({ JIRA_URL: 'https://acme.atlassian.net' })).toThrow(/JIRA_URL, JIRA_USER, JIRA_API_TOKEN and JIRA_PROJECT_KEY go together/);
    expect(() => loadConfig({ JIRA_PROJECT_KEY: 'ops' })).toThrow(/JIRA_PROJECT_KEY: a Jira project key/);
  });

  it('builds the issue Jira expects', () => {
    expect(jiraIssueBody('OPS', { summary: 'Automate renewal', description: 'd', priority: 'high', dueDate: '2026-12-04', labels: ['sitrep'] })).toEqual({
      fields: { project: { key: 'OPS' }, issuetype: { name: 'Task' }, summary: 'Automate renewal', description: 'd', priority: { name: 'High' }, duedate: '2026-12-04', labels: ['sitrep'] },
    });
  });
});
