import type { DeadlineKind, EscalationContactRole, EscalationPath } from '@sitrep/contracts';
import { DeadlineFact, EscalationFact, IncidentFacts, PersonFact } from './facts';
import { clockTime, dateTime, durationText, minutesBetween } from './format';

/**
 * Response effectiveness: how the response did against every clock in core.deadlines, and which
 * escalations fired. Plain functions over the incident's facts.
 */

export type ClockOutcome =
  /** Met by its due time. */
  | 'on_time'
  /** Met after its due time but within the grace before the breach. */
  | 'late'
  /** Breached (met or not afterwards). */
  | 'missed'
  /** Not met, due time passed, not yet breached. */
  | 'overdue'
  /** Not due yet. */
  | 'pending'
  /** Stopped mattering (e.g. the incident was resolved first). */
  | 'cancelled'
  /** A timer that ran its course (stability reached, recovery watch over, escalation threshold crossed). */
  | 'elapsed'
  /** A timer still running. */
  | 'running';

export interface ClockMeasurement {
  kind: DeadlineKind;
  label: string;
  startsAt: string;
  dueAt: string;
  metAt: string | null;
  state: DeadlineFact['state'];
  outcome: ClockOutcome;
  /** Minutes from the clock's start to when it was met (or elapsed); null when it never was. */
  minutes: number | null;
  targetMinutes: number;
  text: string;
}

export interface CadenceMeasurement {
  /** Updates that fell due. */
  due: number;
  /** Of those, sent by their due time. */
  onTime: number;
  intervalMinutes: number | null;
  text: string;
}

export interface EscalationMeasurement {
  path: EscalationPath;
  level: number;
  contactRole: EscalationContactRole;
  personName: string | null;
  at: string;
  /** Minutes after the declaration. */
  afterMinutes: number;
  reason: string;
  text: string;
}

export interface Effectiveness {
  assessment: ClockMeasurement | null;
  firstCustomerNotice: ClockMeasurement | null;
  customerUpdates: CadenceMeasurement;
  executiveUpdates: CadenceMeasurement;
  escalations: EscalationMeasurement[];
  /** Every clock of the incident, in due order. */
  clocks: ClockMeasurement[];
  /** The figures as sentences, in the order the post-mortem shows them. */
  lines: string[];
}

export const CLOCK_LABELS: Record<DeadlineKind, string> = {
  assessment: 'assessment',
  first_customer_notice: 'first customer notice',
  customer_update: 'customer update',
  executive_update: 'executive update',
  stability_window: 'stability window',
  recovery_watch: 'recovery watch',
  postmortem: 'post-mortem',
  escalation_engineering_vp: 'engineering VP escalation threshold',
  escalation_cto: 'CTO escalation threshold',
};

export const CONTACT_LABELS: Record<EscalationContactRole, string> = {
  engineering_vp: 'engineering VP',
  cto: 'CTO',
  support_vp: 'support VP',
  cso: 'CSO',
  pr: 'PR',
  ceo: 'CEO',
};

const TIMERS: ReadonlySet<DeadlineKind> = new Set(['stability_window', 'recovery_watch', 'escalation_engineering_vp', 'escalation_cto']);

/** Where a clock stands, from its row alone. */
export function clockOutcome(d: DeadlineFact, now: Date): ClockOutcome {
  if (TIMERS.has(d.kind)) return d.state === 'met' ? 'elapsed' : d.state === 'cancelled' ? 'cancelled' : 'running';
  if (d.state === 'cancelled') return 'cancelled';
  if (d.state === 'breached') return 'missed';
  if (d.state === 'met' && d.metAt) return d.metAt.getTime() <= d.dueAt.getTime() ? 'on_time' : 'late';
  return now.getTime() >= d.dueAt.getTime() ? 'overdue' : 'pending';
}

/** Whether a duty clock fell due (so it counts in "N of M"): met, missed, or overdue; not cancelled or pending. */
export function fellDue(outcome: ClockOutcome): boolean {
  return outcome === 'on_time' || outcome === 'late' || outcome === 'missed' || outcome === 'overdue';
}

function clockText(d: DeadlineFact, outcome: ClockOutcome, minutes: number | null, target: number, reference: Date): string {
  const label = CLOCK_LABELS[d.kind];
  const lateBy = d.metAt ? minutesBetween(d.dueAt, d.metAt) : null;
  switch (d.kind) {
    case 'assessment':
    case 'first_customer_notice':
      if (minutes !== null) return `${label} at ${minutes} min (target ${target})`;
      if (outcome === 'cancelled') return `${label} never recorded (target ${target} min; clock stopped at ${clockTime(d.cancelledAt ?? d.dueAt, reference)})`;
      return `${label} not recorded (target ${target} min)`;
    case 'customer_update':
    case 'executive_update': {
      const due = clockTime(d.dueAt, reference);
      if (outcome === 'cancelled') return `${label} due ${due}: not needed (clock stopped at ${clockTime(d.cancelledAt ?? d.dueAt, reference)})`;
      if (!d.metAt) return `${label} due ${due}: ${outcome === 'pending' ? 'not due yet' : 'not sent'}`;
      const sent = clockTime(d.metAt, reference);
      return lateBy !== null && lateBy > 0 ? `${label} due ${due}: sent ${sent} (${lateBy} min late)` : `${label} due ${due}: sent ${sent}`;
    }
    case 'stability_window':
      if (outcome === 'elapsed') return `${label} (${target} min): held from ${clockTime(d.startsAt, reference)} to ${clockTime(d.dueAt, reference)}`;
      if (outcome === 'cancelled') return `${label} (${target} min) started ${clockTime(d.startsAt, reference)}: restarted at ${clockTime(d.cancelledAt ?? d.dueAt, reference)}`;
      return `${label} (${target} min) running since ${clockTime(d.startsAt, reference)}`;
    case 'recovery_watch':
      if (outcome === 'elapsed') return `${label} (${durationText(target * 60_000)}): completed ${clockTime(d.dueAt, reference)}`;
      if (outcome === 'cancelled') return `${label} (${durationText(target * 60_000)}): ended early at ${clockTime(d.cancelledAt ?? d.dueAt, reference)}`;
      return `${label} (${durationText(target * 60_000)}): running until ${clockTime(d.dueAt, reference)}`;
    case 'postmortem':
      if (d.metAt) return `${label} due ${dateTime(d.dueAt)}: published ${dateTime(d.metAt)}${outcome === 'on_time' ? '' : ' (late)'}`;
      if (outcome === 'cancelled') return `${label} due ${dateTime(d.dueAt)}: not needed`;
      return `${label} due ${dateTime(d.dueAt)}: ${outcome === 'missed' ? 'missed, still open' : 'open'}`;
    case 'escalation_engineering_vp':
    case 'escalation_cto':
      if (outcome === 'elapsed') return `${label} (${durationText(target * 60_000)} unresolved): crossed at ${clockTime(d.dueAt, reference)}`;
      if (outcome === 'cancelled') return `${label} (${durationText(target * 60_000)} unresolved): not reached`;
      return `${label} (${durationText(target * 60_000)} unresolved): ahead at ${clockTime(d.dueAt, reference)}`;
  }
}

export function measureClock(d: DeadlineFact, now: Date, reference: Date): ClockMeasurement {
  const outcome = clockOutcome(d, now);
  const target = minutesBetween(d.startsAt, d.dueAt);
  const minutes = d.metAt ? minutesBetween(d.startsAt, d.metAt) : null;
  return {
    kind: d.kind,
    label: CLOCK_LABELS[d.kind],
    startsAt: d.startsAt.toISOString(),
    dueAt: d.dueAt.toISOString(),
    metAt: d.metAt?.toISOString() ?? null,
    state: d.state,
    outcome,
    minutes,
    targetMinutes: target,
    text: clockText(d, outcome, minutes, target, reference),
  };
}

function cadence(clocks: ClockMeasurement[], what: string, onTimeWord: string): CadenceMeasurement {
  const due = clocks.filter((c) => fellDue(c.outcome));
  const onTime = due.filter((c) => c.outcome === 'on_time').length;
  const intervals = [...new Set(clocks.map((c) => c.targetMinutes))];
  const intervalMinutes = intervals.length === 1 ? intervals[0] : null;
  const every = intervalMinutes !== null ? ` (every ${intervalMinutes} min)` : '';
  const text = due.length === 0 ? `no ${what} fell due` : `${onTime} of ${due.length} ${what} ${onTimeWord}${every}`;
  return { due: due.length, onTime, intervalMinutes, text };
}

export function measureEscalation(e: EscalationFact, declaredAt: Date, people: Record<string, PersonFact>): EscalationMeasurement {
  const personName = e.personId ? (people[e.personId]?.name ?? null) : null;
  const after = minutesBetween(declaredAt, e.firedAt);
  const who = `${CONTACT_LABELS[e.contactRole]}${personName ? ` (${personName})` : ''}`;
  return {
    path: e.path,
    level: e.level,
    contactRole: e.contactRole,
    personName,
    at: e.firedAt.toISOString(),
    afterMinutes: after,
    reason: e.reason,
    text: `${e.path} escalation to ${who} at ${durationText(after * 60_000)} (${clockTime(e.firedAt, declaredAt)}): ${e.reason}`,
  };
}

/** The response measured against its clocks and escalations. */
export function measureEffectiveness(facts: Pick<IncidentFacts, 'incident' | 'deadlines' | 'escalations' | 'people'>, now: Date): Effectiveness {
  const reference = facts.incident.declaredAt;
  const clocks = [...facts.deadlines]
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.startsAt.getTime() - b.startsAt.getTime())
    .map((d) => measureClock(d, now, reference));
  const first = (kind: DeadlineKind) => clocks.find((c) => c.kind === kind) ?? null;
  const customerUpdates = cadence(
    clocks.filter((c) => c.kind === 'customer_update'),
    'updates',
    'on cadence',
  );
  const executiveUpdates = cadence(
    clocks.filter((c) => c.kind === 'executive_update'),
    'executive updates',
    'on time',
  );
  const escalations = facts.escalations.map((e) => measureEscalation(e, reference, facts.people));
  const assessment = first('assessment');
  const firstCustomerNotice = first('first_customer_notice');
  const lines = [
    ...(assessment ? [assessment.text] : []),
    ...(firstCustomerNotice ? [firstCustomerNotice.text] : []),
    customerUpdates.text,
    executiveUpdates.text,
    ...(escalations.length ? escalations.map((e) => e.text) : ['no escalations fired']),
  ];
  return { assessment, firstCustomerNotice, customerUpdates, executiveUpdates, escalations, clocks, lines };
}
