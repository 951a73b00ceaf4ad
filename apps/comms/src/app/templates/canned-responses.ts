import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { isMajorSeverity } from '@sitrep/contracts';

/**
 * Canned responses for the support team: a small library by scenario (an outage or degraded service)
 * and public status, so that every agent answers a ticket about the incident the same, approved way.
 * Plain text (they are pasted into tickets and chat), so nothing is HTML-escaped; `{{{` is never used.
 */
export const CANNED_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export type CannedStatus = (typeof CANNED_STATUSES)[number];
export type Scenario = 'outage' | 'degraded';

/** P1/P2 are outages for the customer; P3/P4 are degradations. */
export function scenarioOf(severity: string): Scenario {
  return isMajorSeverity(severity) ? 'outage' : 'degraded';
}

/** Where an internal incident status sits among the statuses customers hear about. */
export function cannedStatusOf(status: string): CannedStatus {
  if (status === 'identified') return 'identified';
  if (status === 'monitoring') return 'monitoring';
  if (status === 'resolved' || status === 'recovery_watch' || status === 'closed') return 'resolved';
  return 'investigating';
}

export interface CannedContext {
  reference: string;
  subject: string;
  severity: string;
  statusPageUrl: string;
}

export class CannedResponses {
  private readonly handlebars = Handlebars.create();
  private readonly templates = new Map<CannedStatus, Handlebars.TemplateDelegate>();

  constructor(directory = join(__dirname, 'canned')) {
    this.handlebars.registerHelper('eq', (a: unknown, b: unknown) => a === b);
    for (const status of CANNED_STATUSES) {
      this.templates.set(status, this.handlebars.compile(readFileSync(join(directory, `${status}.hbs`), 'utf8'), { strict: true, noEscape: true }));
    }
  }

  /** Every status's response for the incident, the current one first. */
  forIncident(context: CannedContext, currentStatus: string): { scenario: Scenario; current: CannedStatus; responses: { status: CannedStatus; text: string }[] } {
    const scenario = scenarioOf(context.severity);
    const current = cannedStatusOf(currentStatus);
    const order = [current, ...CANNED_STATUSES.filter((s) => s !== current)];
    return {
      scenario,
      current,
      responses: order.map((status) => ({ status, text: this.templates.get(status)!({ ...context, scenario }).trim() })),
    };
  }
}
