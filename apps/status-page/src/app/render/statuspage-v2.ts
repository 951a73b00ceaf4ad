import { createHash } from 'node:crypto';
import type { ComponentStatus, ComponentView, Impact } from '@sitrep/contracts';
import type { PublicView, ViewReport } from '../read-model/public-view';
import { INDICATOR_DESCRIPTIONS, Indicator } from './overall-status';

/**
 * The one place that knows Statuspage's public v2 field names. Tools written for Statuspage
 * (widgets, monitors, exporters) read these documents unchanged.
 */
export interface PageInfo {
  id: string;
  name: string;
  /** The public base URL, without a trailing slash: permalinks (shortlink) are built on it. */
  url: string;
}

export interface V2Component {
  id: string;
  name: string;
  status: ComponentStatus;
  created_at: string;
  updated_at: string;
  position: number;
  description: string | null;
  showcase: boolean;
  start_date: string | null;
  group_id: string | null;
  page_id: string;
  group: boolean;
  only_show_if_degraded: boolean;
  components?: string[];
}

export interface V2AffectedComponent {
  code: string;
  name: string;
  old_status: ComponentStatus;
  new_status: ComponentStatus;
}

export interface V2IncidentUpdate {
  id: string;
  status: string;
  body: string;
  incident_id: string;
  created_at: string;
  updated_at: string;
  display_at: string;
  affected_components: V2AffectedComponent[] | null;
  deliver_notifications: boolean;
  custom_tweet: string | null;
  tweet_id: string | null;
}

export interface V2Incident {
  id: string;
  name: string;
  status: string;
  created_at: string;
  updated_at: string;
  monitoring_at: string | null;
  resolved_at: string | null;
  impact: Impact;
  shortlink: string;
  started_at: string;
  page_id: string;
  incident_updates: V2IncidentUpdate[];
  components: V2Component[];
}

export interface V2ScheduledMaintenance extends V2Incident {
  scheduled_for: string | null;
  scheduled_until: string | null;
}

export interface V2Page {
  id: string;
  name: string;
  url: string;
  time_zone: string;
  updated_at: string;
}

export interface V2Summary {
  page: V2Page;
  components: V2Component[];
  incidents: V2Incident[];
  scheduled_maintenances: V2ScheduledMaintenance[];
  status: { indicator: Indicator; description: string };
}

/** Statuspage lists at most this many in incidents.json and scheduled-maintenances.json. */
export const V2_LIST_LIMIT = 50;

/** A stable id for a component group, derived from its name (groups are not entities of their own). */
export function groupId(name: string): string {
  return createHash('sha256').update(`group:${name}`).digest('hex').slice(0, 12);
}

const WORST_FIRST: ComponentStatus[] = ['major_outage', 'partial_outage', 'degraded_performance', 'under_maintenance', 'operational'];

export function v2Components(page: PageInfo, components: readonly ComponentView[]): V2Component[] {
  const out: V2Component[] = [];
  const groups = new Map<string, ComponentView[]>();
  for (const c of components) if (c.group) groups.set(c.group, [...(groups.get(c.group) ?? []), c]);
  const emittedGroups = new Set<string>();
  let position = 1;
  for (const c of components) {
    if (c.group && !emittedGroups.has(c.group)) {
      emittedGroups.add(c.group);
      const members = groups.get(c.group)!;
      const status = WORST_FIRST.find((s) => members.some((m) => m.status === s)) ?? 'operational';
      out.push({
        id: groupId(c.group),
        name: c.group,
        status,
        created_at: members.map((m) => m.createdAt).sort()[0],
        updated_at: members.map((m) => m.updatedAt).sort().at(-1)!,
        position: position++,
        description: null,
        showcase: false,
        start_date: null,
        group_id: null,
        page_id: page.id,
        group: true,
        only_show_if_degraded: false,
        components: members.map((m) => m.id),
      });
    }
    out.push({
      id: c.id,
      name: c.name,
      status: c.status,
      created_at: c.createdAt,
      updated_at: c.updatedAt,
      position: position++,
      description: c.description,
      showcase: false,
      start_date: c.createdAt.slice(0, 10),
      group_id: c.group ? groupId(c.group) : null,
      page_id: page.id,
      group: false,
      only_show_if_degraded: false,
    });
  }
  return out;
}

export function permalink(page: PageInfo, reportId: string): string {
  return `${page.url}/incidents/${reportId}`;
}

function v2Incident(page: PageInfo, report: ViewReport, componentsById: Map<string, V2Component>): V2Incident {
  return {
    id: report.id,
    name: report.name,
    status: report.status,
    created_at: report.createdAt,
    updated_at: report.updatedAt,
    monitoring_at: report.monitoringAt,
    resolved_at: report.resolvedAt,
    impact: report.impact,
    shortlink: permalink(page, report.id),
    started_at: report.startedAt,
    page_id: page.id,
    incident_updates: report.updates.map((u) => ({
      id: u.id,
      status: u.status,
      body: u.body,
      incident_id: report.id,
      created_at: u.publishedAt,
      updated_at: u.publishedAt,
      display_at: u.publishedAt,
      affected_components: u.affected?.map((a) => ({ code: a.id, name: a.name, old_status: a.oldStatus, new_status: a.newStatus })) ?? null,
      deliver_notifications: true,
      custom_tweet: null,
      tweet_id: null,
    })),
    components: report.componentIds.map((id) => componentsById.get(id)).filter((c): c is V2Component => c !== undefined),
  };
}

function v2Maintenance(page: PageInfo, report: ViewReport, componentsById: Map<string, V2Component>): V2ScheduledMaintenance {
  return { ...v2Incident(page, report, componentsById), scheduled_for: report.scheduledFor, scheduled_until: report.scheduledUntil };
}

/** All the v2 documents for one view, keyed by path. */
export function v2Documents(page: PageInfo, view: PublicView): Record<string, unknown> {
  const pageJson: V2Page = { id: page.id, name: page.name, url: page.url, time_zone: 'Etc/UTC', updated_at: view.updatedAt };
  const components = v2Components(page, view.components);
  const byId = new Map(components.map((c) => [c.id, c]));
  const status = { indicator: view.indicator, description: INDICATOR_DESCRIPTIONS[view.indicator] };
  // Years of history hold thousands of incidents; only the latest V2_LIST_LIMIT and the open ones are served.
  const incidents = view.incidents.slice(0, V2_LIST_LIMIT).map((r) => v2Incident(page, r, byId));
  const unresolved = view.incidents.filter((r) => r.open).map((r) => v2Incident(page, r, byId));
  const maintenances = view.maintenances.map((r) => v2Maintenance(page, r, byId));
  // Most recent first, as Statuspage lists them.
  const recentMaintenances = [...maintenances].sort((a, b) => (b.scheduled_for ?? b.created_at).localeCompare(a.scheduled_for ?? a.created_at));
  const upcoming = maintenances.filter((m) => m.status === 'scheduled');
  const active = maintenances.filter((m) => m.status === 'in_progress' || m.status === 'verifying');
  const summary: V2Summary = { page: pageJson, components, incidents: unresolved, scheduled_maintenances: [...active, ...upcoming], status };
  return {
    '/api/v2/summary.json': summary,
    '/api/v2/status.json': { page: pageJson, status },
    '/api/v2/components.json': { page: pageJson, components },
    '/api/v2/incidents.json': { page: pageJson, incidents },
    '/api/v2/incidents/unresolved.json': { page: pageJson, incidents: unresolved },
    '/api/v2/scheduled-maintenances.json': { page: pageJson, scheduled_maintenances: recentMaintenances.slice(0, V2_LIST_LIMIT) },
    '/api/v2/scheduled-maintenances/upcoming.json': { page: pageJson, scheduled_maintenances: upcoming },
    '/api/v2/scheduled-maintenances/active.json': { page: pageJson, scheduled_maintenances: active },
  };
}

/**
 * JSON as served: `<`, `>` and `&` written as \u escapes, so a title like `</script><script>` stays inert
 * even if someone embeds the document in a page; parsers read back exactly the same text.
 */
export function serializeJson(document: unknown): string {
  return JSON.stringify(document).replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
