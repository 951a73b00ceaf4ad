import type { Severity } from '@sitrep/contracts';
import { Effectiveness, measureEffectiveness } from './effectiveness';
import { DraftSettings, IncidentFacts, TimelineFact, actorName } from './facts';
import { clockTime, dateTime, durationText, hhmm, isoDay, minutesBetween, money, plural, round2 } from './format';
import { WrittenSections } from './sections';
import { SponsorUpdates, Suggestions, suggest } from './suggestions';

/**
 * The part of the post-mortem that writes itself: summary, impact, the template's timeline, the full
 * timeline, response effectiveness and suggestions, all computed from the incident's record.
 */

export interface DraftSummary {
  title: string;
  reference: string;
  /** "2026-11-26 10:00–12:37 UTC" */
  date: string;
  severity: Severity;
  start: string;
  end: string | null;
  durationMinutes: number | null;
  /** "2h 37m", or "ongoing" */
  duration: string;
  incidentCommander: string | null;
}

export interface DraftImpact {
  customersAffected: number | null;
  customersAffectedPercent: number | null;
  customersText: string;
  revenue: { amount: number | null; basis: 'entered' | 'estimated' | 'unknown'; text: string };
  slaBreaches: { customers: number; credits: { currency: string; amount: number }[]; text: string };
  supportTickets: { tickets: number | null; reportedMinutes: number; increasePercent: number | null; text: string };
  reputation: { mediaAttention: string[]; text: string };
}

export type TemplateRowKey = 'detected' | 'declared' | 'war_room' | 'first_customer_notice' | 'root_cause_identified' | 'fix_deployed' | 'resolution_verified' | 'resolved' | 'all_clear';

export interface TemplateTimelineRow {
  key: TemplateRowKey;
  at: string | null;
  /** "10:31", or "not recorded" */
  time: string;
  text: string;
}

export interface FullTimelineLine {
  at: string;
  time: string;
  kind: string;
  text: string;
  who: string;
  internal: boolean;
}

export interface PostmortemDraft {
  summary: DraftSummary;
  impact: DraftImpact;
  timeline: TemplateTimelineRow[];
  fullTimeline: FullTimelineLine[];
  effectiveness: Effectiveness;
  suggestions: Suggestions;
}

function summaryOf(facts: IncidentFacts): DraftSummary {
  const { incident } = facts;
  const start = incident.declaredAt;
  const end = incident.resolvedAt;
  const durationMinutes = end ? minutesBetween(start, end) : null;
  const commanderId = facts.roles.commander;
  const date = end
    ? isoDay(start) === isoDay(end)
      ? `${isoDay(start)} ${hhmm(start)}–${hhmm(end)} UTC`
      : `${dateTime(start)} – ${dateTime(end)}`
    : `${dateTime(start)} – ongoing`;
  return {
    title: incident.title,
    reference: incident.reference,
    date,
    severity: incident.severity,
    start: start.toISOString(),
    end: end?.toISOString() ?? null,
    durationMinutes,
    duration: end ? durationText(end.getTime() - start.getTime()) : 'ongoing',
    incidentCommander: commanderId ? (facts.people[commanderId]?.name ?? commanderId) : null,
  };
}

export interface TicketReport {
  at: Date;
  count: number;
  windowMinutes: number;
}

/**
 * Tickets created during the incident, from the support lead's ticket-volume reports. Reports cover
 * windows that may overlap; where they do, the latest report counts. The increase compares the rate
 * over the reported time with the normal rate.
 */
export function ticketsFromReports(reports: readonly TicketReport[], normalPerHour: number): { tickets: number; reportedMinutes: number; increasePercent: number | null } {
  if (reports.length === 0) return { tickets: 0, reportedMinutes: 0, increasePercent: null };
  const windows = reports.map((r, order) => ({ from: r.at.getTime() - r.windowMinutes * 60_000, to: r.at.getTime(), perMs: r.count / (r.windowMinutes * 60_000), order, at: r.at.getTime() }));
  const points = [...new Set(windows.flatMap((w) => [w.from, w.to]))].sort((a, b) => a - b);
  let tickets = 0;
  let covered = 0;
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    const latest = windows.filter((w) => w.from <= a && w.to >= b).sort((x, y) => y.at - x.at || y.order - x.order)[0];
    if (!latest) continue;
    tickets += latest.perMs * (b - a);
    covered += b - a;
  }
  const reportedMinutes = Math.round(covered / 60_000);
  const perHour = covered > 0 ? tickets / (covered / 3_600_000) : 0;
  const increasePercent = normalPerHour > 0 && covered > 0 ? Math.round((perHour / normalPerHour - 1) * 100) : null;
  return { tickets: Math.round(tickets), reportedMinutes, increasePercent };
}

function impactOf(facts: IncidentFacts, settings: DraftSettings, written: WrittenSections, durationMinutes: number | null): DraftImpact {
  const { incident } = facts;
  const customersAffected = incident.assessment?.customersAffected ?? incident.triggerDetail?.affectedCustomers?.count ?? incident.triggerDetail?.affectedCustomers?.ids?.length ?? null;
  const customersAffectedPercent =
    incident.assessment?.customersAffectedPercent ?? (customersAffected !== null && settings.customerBaseTotal ? round2((customersAffected / settings.customerBaseTotal) * 100) : null);
  const customersText =
    customersAffected === null
      ? 'not recorded (no assessment)'
      : `${customersAffected} (${customersAffectedPercent !== null ? `${customersAffectedPercent}% of total customer base` : 'customer base size not configured: SITREP_CUSTOMER_BASE_TOTAL'})`;

  let revenue: DraftImpact['revenue'];
  if (written.revenue_impact) {
    const figure = Number(written.revenue_impact.replace(/[$,\s]/g, ''));
    revenue = { amount: Number.isFinite(figure) ? figure : null, basis: 'entered', text: Number.isFinite(figure) ? `${money(figure)} (entered)` : `${written.revenue_impact} (entered)` };
  } else if (settings.revenuePerMinute !== null && durationMinutes !== null) {
    const amount = Math.round(settings.revenuePerMinute * durationMinutes);
    revenue = { amount, basis: 'estimated', text: `${money(amount)} (estimated lost revenue during outage: ${durationMinutes} min × ${money(settings.revenuePerMinute)}/min)` };
  } else {
    revenue = {
      amount: null,
      basis: 'unknown',
      text: durationMinutes === null ? 'not estimated yet (incident unresolved)' : 'not estimated: set SITREP_REVENUE_PER_MINUTE or enter it (section revenue_impact)',
    };
  }

  const slaCustomers = new Set(facts.compensations.flatMap((c) => c.customers)).size;
  const byCurrency = new Map<string, number>();
  for (const c of facts.compensations) byCurrency.set(c.currency, (byCurrency.get(c.currency) ?? 0) + c.amount);
  const credits = [...byCurrency].map(([currency, amount]) => ({ currency, amount: round2(amount) }));
  const slaBreaches = {
    customers: slaCustomers,
    credits,
    text: facts.compensations.length ? `${plural(slaCustomers, 'customer')} (credits issued: ${credits.map((c) => money(c.amount, c.currency)).join(' + ')})` : '0 customers (no compensation authorised)',
  };

  const reports: TicketReport[] = facts.timeline
    .filter((l) => l.kind === 'ticket_volume' && l.detail && typeof l.detail.count === 'number' && typeof l.detail.windowMinutes === 'number')
    .map((l) => ({ at: l.at, count: l.detail!.count as number, windowMinutes: l.detail!.windowMinutes as number }));
  const t = ticketsFromReports(reports, settings.normalTicketsPerHour);
  const supportTickets = reports.length
    ? {
        tickets: t.tickets,
        reportedMinutes: t.reportedMinutes,
        increasePercent: t.increasePercent,
        text: `${plural(t.tickets, 'ticket')} created during incident (${t.increasePercent !== null ? `${t.increasePercent}% ${t.increasePercent >= 0 ? 'increase' : 'change'} vs. normal` : 'no normal rate'}; reports cover ${durationText(t.reportedMinutes * 60_000)}, normal ${settings.normalTicketsPerHour}/h)`,
      }
    : { tickets: null, reportedMinutes: 0, increasePercent: null, text: 'not recorded (no ticket-volume reports)' };

  const mediaAttention = facts.timeline
    .filter((l) => (l.kind === 'escalated' && /media attention/.test(l.text)) || l.kind === 'media_attention')
    .map((l) => `${clockTime(l.at, incident.declaredAt)} ${l.text}`);
  const auto = mediaAttention.length ? `media attention flagged: ${mediaAttention.join('; ')}` : 'no media attention flagged during the incident';
  const reputation = { mediaAttention, text: written.reputation ? `${written.reputation} (${auto})` : auto };

  return { customersAffected, customersAffectedPercent, customersText, revenue, slaBreaches, supportTickets, reputation };
}

const first = (timeline: readonly TimelineFact[], test: (l: TimelineFact) => boolean) => timeline.find(test) ?? null;
const last = (timeline: readonly TimelineFact[], test: (l: TimelineFact) => boolean) => [...timeline].reverse().find(test) ?? null;

function templateTimeline(facts: IncidentFacts, written: WrittenSections): TemplateTimelineRow[] {
  const { incident, timeline, people } = facts;
  const reference = incident.declaredAt;
  const row = (key: TemplateRowKey, line: { at: Date } | null, text: string): TemplateTimelineRow => ({
    key,
    at: line ? line.at.toISOString() : null,
    time: line ? clockTime(line.at, reference) : 'not recorded',
    text,
  });
  const declared = first(timeline, (l) => l.kind === 'declared');
  const declarer = declared ? actorName(declared.actor, people, declared.source) : actorName(incident.declaredBy, people);
  const affected = incident.triggerDetail?.affectedCustomers;
  const detectedBy =
    incident.trigger === 'multi_customer_impact'
      ? `multi-customer impact${affected?.count !== undefined ? ` (${affected.count} customers)` : affected?.ids ? ` (${affected.ids.length} customers)` : ''}, reported by ${declarer}`
      : incident.trigger === 'executive_escalation'
        ? `executive escalation from ${incident.triggerDetail?.escalatedBy ?? 'an executive'}, reported by ${declarer}`
        : declarer;

  // The severity under review: declared as it, or raised to it later.
  const severity = incident.severity;
  const declaredAs = declared ? /^(P\d) declared/.exec(declared.text)?.[1] : severity;
  const raised = declaredAs === severity ? null : first(timeline, (l) => l.kind === 'severity_changed' && l.text.includes(`→ ${severity}`));
  const declaredRow = raised
    ? row('declared', raised, `${severity} declared by ${actorName(raised.actor, people, raised.source)} (severity raised from ${declaredAs})`)
    : row('declared', declared ?? { at: incident.declaredAt }, `${severity} declared by ${declarer}`);

  const warRoom = first(timeline, (l) => l.kind === 'war_room_activated' || l.kind === 'war_room_opened');
  const notice = first(timeline, (l) => l.kind === 'communication_published');
  const identified = first(timeline, (l) => l.kind === 'status_changed' && (l.detail as { to?: string } | null)?.to === 'identified');
  const resolvedLine = last(timeline, (l) => l.kind === 'resolved');
  const beforeResolution = (l: TimelineFact) => !resolvedLine || l.at.getTime() <= resolvedLine.at.getTime();
  const fix = last(timeline, (l) => l.kind === 'fix_deployed' && beforeResolution(l));
  const verified = last(timeline, (l) => l.kind === 'verification' && (l.detail as { passed?: boolean } | null)?.passed === true && beforeResolution(l));
  const allClear = first(timeline, (l) => l.kind === 'communication_published' && (l.detail as { kind?: string } | null)?.kind === 'all_clear');

  const rootCause = written.root_cause?.split('\n')[0].trim();
  const identifiedReason = (identified?.detail as { reason?: string } | null)?.reason ?? /: (.*)$/.exec(identified?.text ?? '')?.[1];
  const description = rootCause ? (rootCause.length > 160 ? `${rootCause.slice(0, 157)}...` : rootCause) : (identifiedReason ?? 'see Root Cause');
  const verifiedDetails = (verified?.detail as { details?: string } | null)?.details;

  return [
    row('detected', declared ?? { at: incident.declaredAt }, `Incident detected by ${detectedBy}`),
    declaredRow,
    warRoom ? row('war_room', warRoom, 'War room activated') : row('war_room', null, 'War room activated: not recorded'),
    row('first_customer_notice', notice, notice ? 'First customer notification sent' : 'First customer notification sent: not recorded'),
    row('root_cause_identified', identified, `Root cause identified: ${description}`),
    row('fix_deployed', fix, fix ? `Fix deployed (${fix.text.replace(/^fix deployed: /, '')})` : 'Fix deployed: not recorded'),
    row('resolution_verified', verified, verified ? `Resolution verified${verifiedDetails ? ` (${verifiedDetails})` : ''}` : 'Resolution verified: not recorded'),
    row('resolved', resolvedLine, resolvedLine ? `Incident resolved declared by ${actorName(resolvedLine.actor, people, resolvedLine.source)}` : 'Incident resolved declared: not yet'),
    row('all_clear', allClear, allClear ? 'All-clear notification sent' : 'All-clear notification sent: not yet'),
  ];
}

/**
 * The executive updates that reached the sponsor, from the delivery outcomes comms recorded on the
 * timeline, against the executive-update intervals that ended (met or missed).
 */
export function sponsorUpdates(facts: IncidentFacts): SponsorUpdates | null {
  const clocks = facts.deadlines.filter((d) => d.kind === 'executive_update');
  if (clocks.length === 0) return null;
  const sponsor = facts.roles.executive_sponsor ?? null;
  const updates = new Map<string, string>();
  for (const l of facts.timeline) {
    const d = l.detail as { notice?: string; personId?: string | null; sourceEventId?: string | null; deliveryId?: string } | null;
    if (l.kind !== 'notice_delivered' || !d || !sponsor || d.personId !== sponsor) continue;
    if (d.notice !== 'executive update' && d.notice !== 'executive summary') continue;
    updates.set(d.sourceEventId ?? d.deliveryId ?? l.at.toISOString(), d.notice);
  }
  return {
    intervals: clocks.filter((d) => d.state === 'met' || d.state === 'breached').length,
    delivered: updates.size,
    fromCommander: [...updates.values()].filter((n) => n === 'executive update').length,
  };
}

/** Builds the draft from the record. `now` decides which clocks are still pending. */
export function buildDraft(facts: IncidentFacts, settings: DraftSettings, written: WrittenSections, now: Date, escalationThresholdMinutes: number | null = null): PostmortemDraft {
  const summary = summaryOf(facts);
  const effectiveness = measureEffectiveness(facts, now);
  const threshold = escalationThresholdMinutes ?? (() => {
    const vp = facts.deadlines.find((d) => d.kind === 'escalation_engineering_vp');
    return vp ? minutesBetween(vp.startsAt, vp.dueAt) : null;
  })();
  return {
    summary,
    impact: impactOf(facts, settings, written, summary.durationMinutes),
    timeline: templateTimeline(facts, written),
    fullTimeline: facts.timeline.map((l) => ({
      at: l.at.toISOString(),
      time: clockTime(l.at, facts.incident.declaredAt),
      kind: l.kind,
      text: l.text,
      who: actorName(l.actor, facts.people, l.source),
      internal: l.internal,
    })),
    effectiveness,
    suggestions: suggest({ effectiveness, timeline: facts.timeline, durationMinutes: summary.durationMinutes, escalationThresholdMinutes: threshold, sponsorUpdates: sponsorUpdates(facts) }),
  };
}
