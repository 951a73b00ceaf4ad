import type { ComponentStatus, Severity } from './schemas';
import type { Impact, PublicStatus } from './communications';
import { publicIncidentStatusSchema } from './communications';
import type { z } from 'zod';

/**
 * The words customers read, in one place: the status page, the emails, SMS and the approval queue all
 * say the same thing for the same state.
 */

/** The statuses of an incident as customers see it (not incident-core's internal lifecycle). */
export type PublicIncidentStatus = z.infer<typeof publicIncidentStatusSchema>;

/** The review published after an incident, as customers read its name. */
export const POST_INCIDENT_REVIEW = 'Post-incident review';

export const PUBLIC_STATUS_LABELS: Record<PublicStatus, string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
  postmortem: POST_INCIDENT_REVIEW,
  scheduled: 'Scheduled',
  in_progress: 'In progress',
  verifying: 'Verifying',
  completed: 'Completed',
};

export const COMPONENT_STATUS_LABELS: Record<ComponentStatus, string> = {
  operational: 'Operational',
  degraded_performance: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
  under_maintenance: 'Under maintenance',
};

export const IMPACT_LABELS: Record<Impact, string> = {
  none: 'No impact',
  minor: 'Minor impact',
  major: 'Major impact',
  critical: 'Critical impact',
  maintenance: 'Planned maintenance',
};

/** "Major" incidents: P1 and P2. They get a sponsor, executive updates, customer notices and escalations. */
export const MAJOR_SEVERITIES: readonly Severity[] = ['P1', 'P2'];

export function isMajorSeverity(severity: Severity | string): boolean {
  return (MAJOR_SEVERITIES as readonly string[]).includes(severity);
}

/** "Acme status", but "Sitrep Status" as it is: a page already named a status page is not "… status status". */
export function statusPageTitle(pageName: string): string {
  return /\bstatus$/i.test(pageName.trim()) ? pageName.trim() : `${pageName.trim()} status`;
}

/** The mobile number the SMS subscription form gives as its example: one comms accepts (a UK mobile). */
export const SMS_EXAMPLE_NUMBER = '+44 7400 123456';
