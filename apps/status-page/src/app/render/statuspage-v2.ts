import { createHash } from 'node:crypto';
import type { ComponentStatus, ComponentView } from '@sitrep/contracts';
import type { StatusSnapshot } from '../read-model/status-read-model';
import { INDICATOR_DESCRIPTIONS, overallIndicator } from './overall-status';

/**
 * The one place that knows Statuspage's public v2 field names. Tools written for Statuspage
 * (widgets, monitors, exporters) read these documents unchanged.
 */
export interface PageInfo {
  id: string;
  name: string;
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

export function v2Page(page: PageInfo, snapshot: StatusSnapshot, now: Date) {
  return { id: page.id, name: page.name, url: page.url, time_zone: 'Etc/UTC', updated_at: snapshot.updatedAt ?? now.toISOString() };
}

export function v2Status(snapshot: StatusSnapshot) {
  const indicator = overallIndicator(snapshot.components.map((c) => c.status));
  return { indicator, description: INDICATOR_DESCRIPTIONS[indicator] };
}

/** All the v2 documents for one snapshot, keyed by path. */
export function v2Documents(page: PageInfo, snapshot: StatusSnapshot, now: Date): Record<string, unknown> {
  const pageJson = v2Page(page, snapshot, now);
  const components = v2Components(page, snapshot.components);
  const status = v2Status(snapshot);
  const incidents: unknown[] = [];
  const maintenances: unknown[] = [];
  return {
    '/api/v2/summary.json': { page: pageJson, components, incidents, scheduled_maintenances: maintenances, status },
    '/api/v2/status.json': { page: pageJson, status },
    '/api/v2/components.json': { page: pageJson, components },
    '/api/v2/incidents.json': { page: pageJson, incidents },
    '/api/v2/incidents/unresolved.json': { page: pageJson, incidents },
    '/api/v2/scheduled-maintenances.json': { page: pageJson, scheduled_maintenances: maintenances },
    '/api/v2/scheduled-maintenances/upcoming.json': { page: pageJson, scheduled_maintenances: maintenances },
    '/api/v2/scheduled-maintenances/active.json': { page: pageJson, scheduled_maintenances: maintenances },
  };
}
