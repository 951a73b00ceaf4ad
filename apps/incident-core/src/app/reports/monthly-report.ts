import type { Actor, Severity } from '@sitrep/contracts';
import { clockOutcome, fellDue } from '../postmortems/effectiveness';
import type { DeadlineFact, EscalationFact, TimelineFact } from '../postmortems/facts';
import { isoDay } from '../postmortems/format';

/**
 * The monthly operations report ("reviewed in the monthly ops meeting"): plain functions over the
 * incidents declared in the month.
 */

export const SEVERITIES: readonly Severity[] = ['P1', 'P2', 'P3', 'P4'];

export interface ReportIncident {
  id: string;
  reference: string;
  title: string;
  severity: Severity;
  declaredAt: Date;
  declaredBy: Actor;
  resolvedAt: Date | null;
  duplicateOf: string | null;
  commanderId: string | null;
  timeline: Pick<TimelineFact, 'at' | 'kind' | 'actor' | 'detail'>[];
  deadlines: DeadlineFact[];
  escalations: Pick<EscalationFact, 'path' | 'level' | 'firedAt'>[];
  actionItems: { status: 'open' | 'done'; dueDate: string }[];
  postmortemState: 'draft' | 'reviewed' | 'published' | null;
}

export interface Stats {
  count: number;
  meanMinutes: number | null;
  medianMinutes: number | null;
  maxMinutes: number | null;
}

export interface Timings {
  timeToAcknowledge: Stats;
  timeToFirstCustomerNotice: Stats;
  timeToResolve: Stats;
}

export interface ReportRow {
  id: string;
  reference: string;
  title: string;
  severity: Severity;
  declaredAt: string;
  resolvedAt: string | null;
  timeToAcknowledgeMinutes: number | null;
  timeToFirstCustomerNoticeMinutes: number | null;
  timeToResolveMinutes: number | null;
  updatesDue: number;
  updatesOnTime: number;
  escalations: number;
  actionItemsOpen: number;
  actionItemsOverdue: number;
  postmortem: string;
}

export interface MonthlyReport {
  month: string;
  from: string;
  to: string;
  generatedAt: string;
  incidents: { total: number; bySeverity: Record<Severity, number>; unresolved: number; duplicatesExcluded: number };
  timings: Timings & { bySeverity: Record<Severity, Timings> };
  cadence: { updatesDue: number; updatesOnTime: number; adherencePercent: number | null };
  executiveUpdates: { due: number; onTime: number; adherencePercent: number | null };
  escalations: { total: number; byPath: Record<'engineering' | 'support' | 'communications', number>; incidentsEscalated: number };
  actionItems: { total: number; open: number; done: number; overdue: number };
  postmortems: { due: number; published: number; publishedOnTime: number; overdue: number };
  rows: ReportRow[];
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isMonth(month: string): boolean {
  return MONTH.test(month);
}

/** [first instant of the month, first instant of the next), in UTC. */
export function monthRange(month: string): { from: Date; to: Date } {
  const m = MONTH.exec(month);
  if (!m) throw new Error(`not a month: ${month} (expected YYYY-MM)`);
  const [year, index] = [Number(m[1]), Number(m[2]) - 1];
  return { from: new Date(Date.UTC(year, index, 1)), to: new Date(Date.UTC(year, index + 1, 1)) };
}

export function monthOf(at: Date): string {
  return at.toISOString().slice(0, 7);
}

const minutes = (from: Date, to: Date) => Math.round(((to.getTime() - from.getTime()) / 60_000) * 10) / 10;

/**
 * Declaration to the commander's first action (acknowledging their page is one), or to the initial
 * assessment if that came first. The
 * lines written by the declaration itself do not count (a declarer who is also the commander has not
 * acknowledged anything by declaring).
 */
export function timeToAcknowledge(i: Pick<ReportIncident, 'declaredAt' | 'declaredBy' | 'commanderId' | 'timeline'>): number | null {
  const declaration = (l: ReportIncident['timeline'][number]) => l.at.getTime() === i.declaredAt.getTime() && l.actor.id === i.declaredBy.id;
  const ack = i.timeline.find(
    (l) => l.at.getTime() >= i.declaredAt.getTime() && !declaration(l) && (l.kind === 'assessment' || l.kind === 'page_acknowledged' || (i.commanderId !== null && l.actor.kind === 'person' && l.actor.id === i.commanderId)),
  );
  return ack ? minutes(i.declaredAt, ack.at) : null;
}

export function timeToFirstCustomerNotice(i: Pick<ReportIncident, 'declaredAt' | 'timeline'>): number | null {
  const notice = i.timeline.find((l) => l.kind === 'communication_published');
  return notice ? minutes(i.declaredAt, notice.at) : null;
}

export function timeToResolve(i: Pick<ReportIncident, 'declaredAt' | 'resolvedAt'>): number | null {
  return i.resolvedAt ? minutes(i.declaredAt, i.resolvedAt) : null;
}

export function stats(values: readonly (number | null)[]): Stats {
  const xs = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  if (!xs.length) return { count: 0, meanMinutes: null, medianMinutes: null, maxMinutes: null };
  const mid = Math.floor(xs.length / 2);
  const median = xs.length % 2 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
  const round = (n: number) => Math.round(n * 10) / 10;
  return { count: xs.length, meanMinutes: round(xs.reduce((a, b) => a + b, 0) / xs.length), medianMinutes: round(median), maxMinutes: xs[xs.length - 1] };
}

const percent = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1000) / 10 : null);

function cadenceOf(deadlines: readonly DeadlineFact[], kind: 'customer_update' | 'executive_update', now: Date) {
  const outcomes = deadlines.filter((d) => d.kind === kind).map((d) => clockOutcome(d, now));
  const due = outcomes.filter(fellDue);
  return { due: due.length, onTime: due.filter((o) => o === 'on_time').length };
}

function timings(incidents: readonly ReportIncident[]): Timings {
  return {
    timeToAcknowledge: stats(incidents.map(timeToAcknowledge)),
    timeToFirstCustomerNotice: stats(incidents.map(timeToFirstCustomerNotice)),
    timeToResolve: stats(incidents.map(timeToResolve)),
  };
}

export function monthlyReport(month: string, all: readonly ReportIncident[], now: Date): MonthlyReport {
  const { from, to } = monthRange(month);
  const inMonth = all.filter((i) => i.declaredAt >= from && i.declaredAt < to);
  const incidents = inMonth.filter((i) => !i.duplicateOf).sort((a, b) => a.declaredAt.getTime() - b.declaredAt.getTime());
  const today = isoDay(now);

  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, incidents.filter((i) => i.severity === s).length])) as Record<Severity, number>;
  const rows: ReportRow[] = incidents.map((i) => {
    const updates = cadenceOf(i.deadlines, 'customer_update', now);
    const pmClock = [...i.deadlines].reverse().find((d) => d.kind === 'postmortem');
    return {
      id: i.id,
      reference: i.reference,
      title: i.title,
      severity: i.severity,
      declaredAt: i.declaredAt.toISOString(),
      resolvedAt: i.resolvedAt?.toISOString() ?? null,
      timeToAcknowledgeMinutes: timeToAcknowledge(i),
      timeToFirstCustomerNoticeMinutes: timeToFirstCustomerNotice(i),
      timeToResolveMinutes: timeToResolve(i),
      updatesDue: updates.due,
      updatesOnTime: updates.onTime,
      escalations: i.escalations.length,
      actionItemsOpen: i.actionItems.filter((a) => a.status === 'open').length,
      actionItemsOverdue: i.actionItems.filter((a) => a.status === 'open' && a.dueDate < today).length,
      postmortem: i.postmortemState ? `${i.postmortemState}${pmClock ? ` (${clockOutcome(pmClock, now).replace('_', ' ')})` : ''}` : 'none',
    };
  });

  const updates = incidents.map((i) => cadenceOf(i.deadlines, 'customer_update', now));
  const exec = incidents.map((i) => cadenceOf(i.deadlines, 'executive_update', now));
  const sum = (xs: { due: number; onTime: number }[]) => xs.reduce((a, b) => ({ due: a.due + b.due, onTime: a.onTime + b.onTime }), { due: 0, onTime: 0 });
  const u = sum(updates);
  const e = sum(exec);

  const escalations = incidents.flatMap((i) => i.escalations);
  const items = incidents.flatMap((i) => i.actionItems);
  const pmClocks = incidents.map((i) => [...i.deadlines].reverse().find((d) => d.kind === 'postmortem')).filter((d): d is DeadlineFact => Boolean(d) && d!.state !== 'cancelled');
  const pmOutcomes = pmClocks.map((d) => clockOutcome(d, now));

  return {
    month,
    from: from.toISOString(),
    to: to.toISOString(),
    generatedAt: now.toISOString(),
    incidents: { total: incidents.length, bySeverity, unresolved: incidents.filter((i) => !i.resolvedAt).length, duplicatesExcluded: inMonth.length - incidents.length },
    timings: { ...timings(incidents), bySeverity: Object.fromEntries(SEVERITIES.map((s) => [s, timings(incidents.filter((i) => i.severity === s))])) as Record<Severity, Timings> },
    cadence: { updatesDue: u.due, updatesOnTime: u.onTime, adherencePercent: percent(u.onTime, u.due) },
    executiveUpdates: { due: e.due, onTime: e.onTime, adherencePercent: percent(e.onTime, e.due) },
    escalations: {
      total: escalations.length,
      byPath: { engineering: escalations.filter((x) => x.path === 'engineering').length, support: escalations.filter((x) => x.path === 'support').length, communications: escalations.filter((x) => x.path === 'communications').length },
      incidentsEscalated: incidents.filter((i) => i.escalations.length > 0).length,
    },
    actionItems: {
      total: items.length,
      open: items.filter((a) => a.status === 'open').length,
      done: items.filter((a) => a.status === 'done').length,
      overdue: items.filter((a) => a.status === 'open' && a.dueDate < today).length,
    },
    postmortems: {
      due: pmClocks.length,
      published: incidents.filter((i) => i.postmortemState === 'published').length,
      publishedOnTime: pmOutcomes.filter((o) => o === 'on_time').length,
      /** Past due and still not published. */
      overdue: pmClocks.filter((d, n) => !d.metAt && (pmOutcomes[n] === 'overdue' || pmOutcomes[n] === 'missed')).length,
    },
    rows,
  };
}
