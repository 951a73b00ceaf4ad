import type { DeadlineKind, IncidentRole, Severity } from '@sitrep/contracts';
import { SeverityPolicy, isMajor } from '../policy/policy';

/**
 * When each clock of the seed starts, who owns it, and when it warns, is due and is breached.
 * Plain functions over plain data: the scheduler and the services only apply what these decide.
 */
export interface DeadlinePlan {
  kind: DeadlineKind;
  ownerRole: IncidentRole;
  startsAt: Date;
  dueAt: Date;
  warnAt: Date;
  /** Null for timers (stability, recovery watch, escalation thresholds): they elapse, nobody can miss them. */
  breachAt: Date | null;
}

/** Timers are not duties: when one elapses something happens (an escalation, the all-clear falls due). */
export const TIMER_KINDS: ReadonlySet<DeadlineKind> = new Set(['stability_window', 'recovery_watch', 'escalation_engineering_vp', 'escalation_cto']);

export const OWNER: Record<DeadlineKind, IncidentRole> = {
  assessment: 'commander',
  first_customer_notice: 'comms_lead',
  customer_update: 'comms_lead',
  executive_update: 'commander',
  stability_window: 'engineering_lead',
  recovery_watch: 'commander',
  postmortem: 'commander',
  escalation_engineering_vp: 'commander',
  escalation_cto: 'commander',
};

/** The owner is reminded a third of the interval ahead, at most five minutes ahead. */
export function warnLead(durationMs: number): number {
  return Math.min(5 * 60_000, Math.floor(durationMs / 3));
}

/**
 * Duties with no grace: the executive update belongs to its interval. When the interval ends without the
 * commander's update, the clock is breached at once and comms sends the sponsor its generated summary.
 */
export const NO_GRACE_KINDS: ReadonlySet<DeadlineKind> = new Set(['executive_update']);

/**
 * A duty is breached one warning-lead after it fell due: "due" tells the owner it is due now, "breached"
 * tells the commander it was missed. Met before the breach counts as met (late, if after the due time).
 */
export function planDeadline(kind: DeadlineKind, startsAt: Date, durationMs: number): DeadlinePlan {
  const dueAt = new Date(startsAt.getTime() + durationMs);
  const lead = warnLead(durationMs);
  return {
    kind,
    ownerRole: OWNER[kind],
    startsAt,
    dueAt,
    warnAt: new Date(dueAt.getTime() - lead),
    breachAt: TIMER_KINDS.has(kind) ? null : NO_GRACE_KINDS.has(kind) ? dueAt : new Date(dueAt.getTime() + lead),
  };
}

/**
 * The executive update's cadence: interval after interval from declaration (or reopening), whether the
 * commander met the last one or not. The next clock starts when the last one fell due.
 */
export function nextExecutiveUpdate(last: { dueAt: Date }, everyMs: number): DeadlinePlan {
  return planDeadline('executive_update', last.dueAt, everyMs);
}

/**
 * What the commander's executive update written at `at` does to the clocks of the incident: it meets the
 * clock of the interval it falls in, or is refused when that interval's update already went out.
 */
export function executiveUpdateFits(clock: { startsAt: Date; dueAt: Date; metAt: Date | null } | null, at: Date): 'meets' | 'already_sent' | 'no_interval' {
  if (!clock || at < clock.startsAt || at >= clock.dueAt) return 'no_interval';
  return clock.metAt ? 'already_sent' : 'meets';
}

/** The clocks a declaration starts. */
export function deadlinesOnDeclare(severity: Severity, declaredAt: Date, policy: SeverityPolicy): DeadlinePlan[] {
  const plans = [
    planDeadline('assessment', declaredAt, policy.assessmentDue),
    planDeadline('first_customer_notice', declaredAt, policy.firstCustomerNoticeDue),
    planDeadline('escalation_engineering_vp', declaredAt, policy.escalateUnresolvedAfter),
    planDeadline('escalation_cto', declaredAt, policy.escalateUnresolvedAfter + policy.escalationStep),
  ];
  if (isMajor(severity)) plans.push(planDeadline('executive_update', declaredAt, policy.executiveUpdateEvery));
  return plans;
}

/** Clocks that stop mattering once the incident is resolved. */
export const CANCELLED_ON_RESOLVE: readonly DeadlineKind[] = ['assessment', 'executive_update', 'escalation_engineering_vp', 'escalation_cto', 'stability_window'];
/** Customer cadence stops when the all-clear goes out or the incident closes. */
export const CANCELLED_ON_CLOSE: readonly DeadlineKind[] = [...CANCELLED_ON_RESOLVE, 'first_customer_notice', 'customer_update', 'recovery_watch'];

export interface DeadlineProgress {
  warnAt: Date;
  dueAt: Date;
  breachAt: Date | null;
  warnedAt: Date | null;
  dueFiredAt: Date | null;
  breachedAt: Date | null;
}

export type Stage = 'due_soon' | 'due' | 'breached';

/**
 * The stages a pending deadline has reached by `now` and not yet fired, in order. After downtime a
 * deadline already past due skips its warning: nobody needs "due soon" for something overdue.
 */
export function stagesToFire(d: DeadlineProgress, now: Date): Stage[] {
  const t = now.getTime();
  const stages: Stage[] = [];
  if (!d.warnedAt && !d.dueFiredAt && t >= d.warnAt.getTime() && t < d.dueAt.getTime()) stages.push('due_soon');
  // A duty breached the moment it falls due is announced once, as missed.
  const breachedWhenDue = d.breachAt !== null && d.breachAt.getTime() <= d.dueAt.getTime();
  if (!d.dueFiredAt && t >= d.dueAt.getTime() && !breachedWhenDue) stages.push('due');
  if (d.breachAt && !d.breachedAt && t >= d.breachAt.getTime()) stages.push('breached');
  return stages;
}
