import type { ComponentStatus, ComponentView, Impact, PublicIncidentStatus } from '@sitrep/contracts';
import { Indicator, componentIndicator, worstIndicator } from '../render/overall-status';
import type { PublicReport, PublishedUpdate, StatusSnapshot } from './status-read-model';

/**
 * The public page at one instant, derived from the published updates and the clock. Status is never
 * stored: a component is degraded because an unresolved incident's latest update says so, or under
 * maintenance because the clock is inside a window; when the incident resolves or the window closes,
 * it is operational again without anyone setting it back.
 */

export type MaintenanceStatus = 'scheduled' | 'in_progress' | 'verifying' | 'completed';

export const HISTORY_DAYS = 90;
const DAY_MS = 86_400_000;

export interface AffectedComponent {
  id: string;
  name: string;
  oldStatus: ComponentStatus;
  newStatus: ComponentStatus;
}

export interface ViewUpdate {
  id: string;
  status: string;
  body: string;
  publishedAt: string;
  /** Components this update named, with their status before and after; null when it named none. */
  affected: AffectedComponent[] | null;
}

export interface ViewReport {
  id: string;
  subject: 'incident' | 'maintenance';
  name: string;
  status: PublicIncidentStatus | MaintenanceStatus;
  impact: Impact;
  createdAt: string;
  updatedAt: string;
  startedAt: string;
  monitoringAt: string | null;
  resolvedAt: string | null;
  scheduledFor: string | null;
  scheduledUntil: string | null;
  /** Newest first. */
  updates: ViewUpdate[];
  /** Every component any update named, in first-named order. */
  componentIds: string[];
  /** Incident: not resolved yet. Maintenance: not completed yet. */
  open: boolean;
  /** Maintenance in progress now (components under maintenance). */
  active: boolean;
  postmortem: { title: string; body: string; publishedAt: string } | null;
}

export interface HistoryEntry {
  reportId: string;
  name: string;
  status: ComponentStatus;
}

export interface HistoryDay {
  /** YYYY-MM-DD, UTC. */
  date: string;
  /** The worst impact that day; `nodata` before the component existed. */
  impact: Impact | 'nodata';
  entries: HistoryEntry[];
}

export interface PublicView {
  now: string;
  updatedAt: string;
  components: ComponentView[];
  indicator: Indicator;
  /** Newest first. */
  incidents: ViewReport[];
  /** By start of the window. */
  maintenances: ViewReport[];
  /** Per component id: HISTORY_DAYS days, oldest first, the last being today (UTC). */
  history: Map<string, HistoryDay[]>;
}

/** A stretch of time during which one report held one component in one status. */
interface Segment {
  componentId: string;
  status: ComponentStatus;
  from: number;
  to: number;
  reportId: string;
  name: string;
}

const STATUS_RANK: Record<ComponentStatus, number> = { operational: 0, under_maintenance: 1, degraded_performance: 2, partial_outage: 3, major_outage: 4 };

export function worseStatus(a: ComponentStatus, b: ComponentStatus): ComponentStatus {
  return STATUS_RANK[b] > STATUS_RANK[a] ? b : a;
}

/** The impact a component status stands for on the history bar (Statuspage's colours). */
export const STATUS_IMPACT: Record<ComponentStatus, Impact> = {
  operational: 'none',
  under_maintenance: 'maintenance',
  degraded_performance: 'minor',
  partial_outage: 'major',
  major_outage: 'critical',
};

export function isResolvedStatus(status: string): boolean {
  return status === 'resolved' || status === 'postmortem';
}

const ms = (iso: string) => Date.parse(iso);
const iso = (t: number) => new Date(t).toISOString();

function latest<T>(items: readonly T[], pick: (item: T) => boolean): T | undefined {
  for (let i = items.length - 1; i >= 0; i--) if (pick(items[i])) return items[i];
  return undefined;
}

interface Derived {
  view: ViewReport;
  segments: Segment[];
}

function lastTimestamp(report: PublicReport): string {
  const times = report.updates.map((u) => u.publishedAt);
  if (report.postmortem) times.push(report.postmortem.publishedAt);
  return times.sort().at(-1)!;
}

function firstTimestamp(report: PublicReport): string {
  const times = report.updates.map((u) => u.publishedAt);
  if (report.postmortem) times.push(report.postmortem.publishedAt);
  return times.sort()[0];
}

function componentIdsOf(updates: readonly PublishedUpdate[]): string[] {
  const ids: string[] = [];
  for (const u of updates) for (const c of u.components) if (!ids.includes(c.id)) ids.push(c.id);
  return ids;
}

/**
 * An incident's updates, in order. A publishedAt later than our clock (comms' host a little ahead of
 * ours) counts as now: the latest update a reader was told about always decides the current status.
 */
function deriveIncident(report: PublicReport, now: number): Derived {
  const updates = report.updates;
  const segments: Segment[] = [];
  const current = new Map<string, { name: string; status: ComponentStatus }>();
  const views: ViewUpdate[] = [];
  let monitoringAt: string | null = null;
  const name = (latest(updates, () => true) ?? report.postmortem)!.title;
  updates.forEach((u, i) => {
    const resolved = isResolvedStatus(u.status);
    const affected: AffectedComponent[] = [];
    for (const c of u.components) {
      const before = current.get(c.id)?.status ?? 'operational';
      const after = resolved ? 'operational' : c.status;
      affected.push({ id: c.id, name: c.name, oldStatus: before, newStatus: after });
      current.set(c.id, { name: c.name, status: after });
    }
    if (resolved) {
      // A resolved incident returns every component it had touched to operational.
      for (const [id, c] of current) {
        if (c.status !== 'operational' && !affected.some((a) => a.id === id)) affected.push({ id, name: c.name, oldStatus: c.status, newStatus: 'operational' });
        current.set(id, { ...c, status: 'operational' });
      }
    }
    if (u.status === 'monitoring' && monitoringAt === null) monitoringAt = u.publishedAt;
    if (u.status !== 'monitoring' && !resolved) monitoringAt = null;
    views.push({ id: u.communicationId, status: u.status, body: u.body, publishedAt: u.publishedAt, affected: affected.length ? affected : null });
    const from = Math.min(ms(u.publishedAt), now);
    const to = i + 1 < updates.length ? Math.min(ms(updates[i + 1].publishedAt), now) : Infinity;
    if (!resolved) for (const [id, c] of current) if (c.status !== 'operational') segments.push({ componentId: id, status: c.status, from, to, reportId: report.id, name });
  });
  const last = updates.at(-1);
  const resolved = last ? isResolvedStatus(last.status) : true;
  let status: PublicIncidentStatus = (last?.status as PublicIncidentStatus | undefined) ?? 'postmortem';
  if (resolved && report.postmortem) status = 'postmortem';
  const createdAt = firstTimestamp(report);
  return {
    segments,
    view: {
      id: report.id,
      subject: 'incident',
      name,
      status,
      impact: last?.impact ?? 'none',
      createdAt,
      updatedAt: lastTimestamp(report),
      startedAt: createdAt,
      monitoringAt,
      resolvedAt: resolved && last ? last.publishedAt : resolved ? createdAt : null,
      scheduledFor: null,
      scheduledUntil: null,
      updates: views.reverse(),
      componentIds: componentIdsOf(updates),
      open: !resolved,
      active: false,
      postmortem: report.postmortem ? { title: report.postmortem.title, body: report.postmortem.body, publishedAt: report.postmortem.publishedAt } : null,
    },
  };
}

/**
 * A maintenance follows the clock, as Statuspage's automatic transitions do: it is in progress from
 * scheduledFor (or from an earlier "started" notice) and completed at scheduledUntil (or at an earlier
 * "completed" notice), whether or not anyone publishes at those moments.
 */
function deriveMaintenance(report: PublicReport, now: number): Derived {
  const updates = report.updates;
  const last = updates.at(-1);
  const name = (last ?? report.postmortem)!.title;
  const scheduledFor = latest(updates, (u) => u.scheduledFor !== null)?.scheduledFor ?? null;
  const scheduledUntil = latest(updates, (u) => u.scheduledUntil !== null)?.scheduledUntil ?? null;
  const startedNotice = updates.find((u) => u.status === 'in_progress' || u.status === 'verifying');
  const completedNotice = latest(updates, (u) => u.status === 'completed');
  const starts = [scheduledFor ? ms(scheduledFor) : Infinity, startedNotice ? ms(startedNotice.publishedAt) : Infinity];
  const from = Math.min(...starts);
  const ends = [scheduledUntil ? ms(scheduledUntil) : Infinity, completedNotice && last?.status === 'completed' ? ms(completedNotice.publishedAt) : Infinity];
  const to = Math.max(from, Math.min(...ends));
  // A completion notice published before the window began is a cancellation: it never ran.
  const cancelled = last?.status === 'completed' && completedNotice !== undefined && ms(completedNotice.publishedAt) < from;
  let status: MaintenanceStatus;
  if (now >= to || last?.status === 'completed') status = 'completed';
  else if (last && (last.status === 'in_progress' || last.status === 'verifying')) status = last.status;
  else if (now >= from) status = 'in_progress';
  else status = 'scheduled';
  const componentIds = componentIdsOf(updates);
  const names = new Map(updates.flatMap((u) => u.components.map((c) => [c.id, c.name] as const)));
  const segments: Segment[] = Number.isFinite(from) && !cancelled
    ? componentIds.map((componentId) => ({ componentId, status: 'under_maintenance' as const, from, to, reportId: report.id, name }))
    : [];
  const views: ViewUpdate[] = updates.map((u) => ({
    id: u.communicationId,
    status: u.status,
    body: u.body,
    publishedAt: u.publishedAt,
    affected: u.components.length ? u.components.map((c) => ({ id: c.id, name: names.get(c.id) ?? c.name, oldStatus: 'operational', newStatus: u.status === 'completed' ? 'operational' : 'under_maintenance' })) : null,
  }));
  const createdAt = firstTimestamp(report);
  return {
    segments,
    view: {
      id: report.id,
      subject: 'maintenance',
      name,
      status,
      impact: 'maintenance',
      createdAt,
      updatedAt: lastTimestamp(report),
      startedAt: Number.isFinite(from) && from <= now ? iso(from) : createdAt,
      monitoringAt: null,
      resolvedAt: status === 'completed' && Number.isFinite(to) ? iso(to) : null,
      scheduledFor,
      scheduledUntil,
      updates: views.reverse(),
      componentIds,
      open: status !== 'completed',
      active: status === 'in_progress' || status === 'verifying',
      postmortem: null,
    },
  };
}

export function utcDay(t: number): string {
  return iso(t).slice(0, 10);
}

/** Derives the public page at `now` from the model's facts. A pure function: tests pass any clock. */
export function publicView(snapshot: StatusSnapshot, nowDate: Date): PublicView {
  const now = nowDate.getTime();
  const derived = snapshot.reports
    .filter((r) => r.updates.length > 0 || r.postmortem)
    .map((r) => (r.subject === 'maintenance' ? deriveMaintenance(r, now) : deriveIncident(r, now)));
  const segments = derived.flatMap((d) => d.segments);

  const components = snapshot.components.map((base) => {
    let status = base.status;
    let updatedAt = ms(base.updatedAt);
    for (const s of segments) {
      if (s.componentId !== base.id) continue;
      if (s.from <= now && now < s.to) status = worseStatus(status, s.status);
      if (s.from <= now) updatedAt = Math.max(updatedAt, s.from);
      if (s.to <= now) updatedAt = Math.max(updatedAt, s.to);
    }
    return { ...base, status, updatedAt: iso(updatedAt) };
  });

  const incidents = derived.map((d) => d.view).filter((v) => v.subject === 'incident').sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const maintenances = derived
    .map((d) => d.view)
    .filter((v) => v.subject === 'maintenance')
    .sort((a, b) => (a.scheduledFor ?? a.createdAt).localeCompare(b.scheduledFor ?? b.createdAt));

  const indicator = worstIndicator([
    componentIndicator(components.map((c) => c.status)),
    ...incidents.filter((i) => i.open).map((i) => i.impact as Indicator),
    ...(maintenances.some((m) => m.active) ? (['maintenance'] as const) : []),
  ]);

  const history = new Map<string, HistoryDay[]>();
  const today = Date.UTC(nowDate.getUTCFullYear(), nowDate.getUTCMonth(), nowDate.getUTCDate());
  const firstDay = today - (HISTORY_DAYS - 1) * DAY_MS;
  for (const component of components) {
    const own = segments.filter((s) => s.componentId === component.id && s.from <= now && s.to > firstDay);
    const createdDay = Date.parse(`${utcDay(ms(component.createdAt))}T00:00:00Z`);
    const days: HistoryDay[] = [];
    for (let day = firstDay; day <= today; day += DAY_MS) {
      const end = day + DAY_MS;
      const byReport = new Map<string, HistoryEntry>();
      for (const s of own) {
        if (s.from >= end || Math.min(s.to, now) <= day) continue;
        const seen = byReport.get(s.reportId);
        byReport.set(s.reportId, { reportId: s.reportId, name: s.name, status: seen ? worseStatus(seen.status, s.status) : s.status });
      }
      const entries = [...byReport.values()].sort((a, b) => STATUS_RANK[b.status] - STATUS_RANK[a.status]);
      const worst = entries.reduce<ComponentStatus>((w, e) => worseStatus(w, e.status), 'operational');
      days.push({ date: utcDay(day), impact: entries.length === 0 && end <= createdDay ? 'nodata' : STATUS_IMPACT[worst], entries });
    }
    history.set(component.id, days);
  }

  const updatedAt = [snapshot.updatedAt, ...components.map((c) => c.updatedAt)].filter((t): t is string => t !== null).sort().at(-1) ?? iso(now);
  return { now: iso(now), updatedAt, components, indicator, incidents, maintenances, history };
}

/** The next instant the view changes on its own (a window opens or closes, a new day starts), for a timer. */
export function nextChangeAt(snapshot: StatusSnapshot, nowDate: Date): Date {
  const now = nowDate.getTime();
  const candidates = [Date.UTC(nowDate.getUTCFullYear(), nowDate.getUTCMonth(), nowDate.getUTCDate() + 1)];
  for (const r of snapshot.reports) {
    if (r.subject !== 'maintenance') continue;
    for (const u of r.updates) for (const t of [u.scheduledFor, u.scheduledUntil]) if (t && ms(t) > now) candidates.push(ms(t));
  }
  return new Date(Math.min(...candidates));
}
