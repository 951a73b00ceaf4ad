import type { Effectiveness } from './effectiveness';
import { CONTACT_LABELS } from './effectiveness';
import type { TimelineFact } from './facts';
import { durationText, plural } from './format';

export interface Suggestions {
  wentWell: string[];
  couldImprove: string[];
}

/** Executive updates that reached the sponsor, against the intervals that ended (deliveries, not intentions). */
export interface SponsorUpdates {
  /** Executive-update intervals that ended before resolution. */
  intervals: number;
  /** Distinct updates (the commander's or comms' summary) delivered to the sponsor on some channel. */
  delivered: number;
  /** Of those, the commander's own. */
  fromCommander: number;
}

export interface SuggestionInput {
  effectiveness: Effectiveness;
  timeline: readonly TimelineFact[];
  /** Declared → resolved, in minutes; null while unresolved. */
  durationMinutes: number | null;
  /** What reached the executive sponsor, from comms' recorded deliveries; null when the incident had no sponsor clock. */
  sponsorUpdates?: SponsorUpdates | null;
  /** The policy's "unresolved after" threshold for the engineering escalation, in minutes, if the incident had one. */
  escalationThresholdMinutes: number | null;
}

/**
 * "What went well" and "what could be improved", suggested from the measurements. People keep,
 * reword or drop them in the review; nothing here is judged, only measured.
 */
export function suggest(input: SuggestionInput): Suggestions {
  const { effectiveness: e, timeline } = input;
  const wentWell: string[] = [];
  const couldImprove: string[] = [];

  const timed = (c: Effectiveness['assessment'], good: string, bad: string, never: string) => {
    if (!c) return;
    if (c.outcome === 'on_time') wentWell.push(`${good} (${c.minutes} min vs. ${c.targetMinutes} min target)`);
    else if (c.minutes !== null) couldImprove.push(`${bad} (${c.minutes} min vs. ${c.targetMinutes} min target)`);
    else if (c.outcome === 'missed' || c.outcome === 'overdue') couldImprove.push(`${never} (target ${c.targetMinutes} min)`);
  };
  timed(e.assessment, 'Fast initial assessment', 'Slower initial assessment', 'No initial assessment recorded');
  timed(e.firstCustomerNotice, 'Clear customer communication: first notice within target', 'Slower customer notification', 'No first customer notification recorded');

  const every = (c: Effectiveness['customerUpdates']) => (c.intervalMinutes !== null ? ` every ${c.intervalMinutes} min` : '');
  if (e.customerUpdates.due > 0) {
    if (e.customerUpdates.onTime === e.customerUpdates.due) wentWell.push(`Customer updates kept the cadence${every(e.customerUpdates)} (${e.customerUpdates.onTime} of ${e.customerUpdates.due})`);
    else couldImprove.push(`Customer updates off cadence: ${e.customerUpdates.onTime} of ${e.customerUpdates.due} on time${every(e.customerUpdates)}`);
  }
  if (e.executiveUpdates.due > 0) {
    if (e.executiveUpdates.onTime === e.executiveUpdates.due) wentWell.push(`Commander's executive updates written on time (${e.executiveUpdates.onTime} of ${e.executiveUpdates.due})`);
    else couldImprove.push(`Commander's executive updates missed: ${e.executiveUpdates.onTime} of ${e.executiveUpdates.due} written on time${every(e.executiveUpdates)}`);
  }
  // Only what was delivered counts: an update that was written or queued but reached nobody informs nobody.
  const sponsor = input.sponsorUpdates;
  if (sponsor && sponsor.intervals > 0) {
    const detail = `${sponsor.delivered} update${sponsor.delivered === 1 ? '' : 's'} delivered for ${sponsor.intervals} interval${sponsor.intervals === 1 ? '' : 's'}, ${sponsor.fromCommander} from the commander`;
    if (sponsor.delivered >= sponsor.intervals) wentWell.push(`Executive sponsor kept informed (${detail})`);
    else couldImprove.push(`Executive sponsor not kept informed (${detail})`);
  }

  const engineering = e.escalations.filter((x) => x.path === 'engineering');
  if (engineering.length) {
    const levels = engineering.map((x) => `${CONTACT_LABELS[x.contactRole]} at ${durationText(x.afterMinutes * 60_000)}`).join(', then ');
    couldImprove.push(`Resolution took long enough to escalate on the engineering path: ${levels}`);
  } else if (input.durationMinutes !== null && input.escalationThresholdMinutes !== null && input.durationMinutes < input.escalationThresholdMinutes) {
    wentWell.push(`Resolved in ${durationText(input.durationMinutes * 60_000)}, before the ${durationText(input.escalationThresholdMinutes * 60_000)} engineering escalation threshold`);
  }
  const support = e.escalations.filter((x) => x.path === 'support');
  if (support.length) couldImprove.push(`Ticket volume passed the escalation threshold: escalated to ${support.map((x) => CONTACT_LABELS[x.contactRole]).join(', then ')}`);
  const comms = e.escalations.filter((x) => x.path === 'communications');
  if (comms.length) couldImprove.push(`Media attention: escalated to ${comms.map((x) => CONTACT_LABELS[x.contactRole]).join(', then ')}`);

  const restarts = timeline.filter((l) => l.kind === 'stability' && /restarted/.test(l.text)).length;
  const fixes = timeline.filter((l) => l.kind === 'fix_deployed').length;
  const failedVerifications = timeline.filter((l) => l.kind === 'verification' && (l.detail as { passed?: boolean } | null)?.passed === false).length;
  const resolved = timeline.some((l) => l.kind === 'resolved');
  if (resolved && restarts === 0 && fixes === 1 && failedVerifications === 0) wentWell.push('The first fix deployed was verified and stable without a restart of the stability window');
  if (restarts > 0) couldImprove.push(`Stability window restarted ${plural(restarts, 'time')} after unhealthy signals`);
  if (fixes > 1) couldImprove.push(`${fixes} fixes were deployed before the service was stable`);
  if (failedVerifications > 0) couldImprove.push(`${plural(failedVerifications, 'verification')} failed before the fix held`);

  const recurrences = timeline.filter((l) => l.kind === 'possible_recurrence').length;
  const reopened = timeline.some((l) => l.kind === 'status_changed' && /^reopened/.test(l.text));
  const watch = e.clocks.filter((c) => c.kind === 'recovery_watch');
  if (reopened) couldImprove.push('The incident recurred during the recovery watch and was reopened');
  else if (recurrences > 0) couldImprove.push(`${plural(recurrences, 'possible recurrence')} flagged during the recovery watch`);
  else if (watch.some((c) => c.outcome === 'elapsed')) wentWell.push('No recurrence during the recovery watch');

  if (timeline.some((l) => l.kind === 'role_missing')) couldImprove.push('A role was missing at declaration (no one on call for it)');
  if (timeline.some((l) => l.kind === 'role_assigned' && /acting incident commander/.test(l.text))) couldImprove.push('No on-call incident commander: the declarer had to act as commander');
  return { wentWell, couldImprove };
}
