import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import type { ComponentStatus } from '@sitrep/contracts';
import type { V2Component } from './statuspage-v2';

const STATUS_LABELS: Record<ComponentStatus, string> = {
  operational: 'Operational',
  degraded_performance: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
  under_maintenance: 'Under maintenance',
};

/** The renderer owns its Handlebars instance; every value is escaped (no triple braces anywhere). */
const handlebars = Handlebars.create();
handlebars.registerHelper('statusLabel', (status: ComponentStatus) => STATUS_LABELS[status] ?? status);
const statusPageTemplate = handlebars.compile(readFileSync(join(__dirname, '..', 'templates', 'status-page.hbs'), 'utf8'), { strict: false });

interface Row {
  name: string;
  status: ComponentStatus;
  description: string | null;
  members?: Row[];
}

/** Nests group members under their group, as the page shows them. */
export function componentRows(components: readonly V2Component[]): Row[] {
  const byId = new Map(components.map((c) => [c.id, c]));
  return components
    .filter((c) => c.group_id === null)
    .map((c) => ({
      name: c.name,
      status: c.status,
      description: c.description,
      members: c.group ? (c.components ?? []).map((id) => byId.get(id)!).map((m) => ({ name: m.name, status: m.status, description: m.description })) : undefined,
    }));
}

export function renderStatusPage(summary: { page: { name: string; updated_at: string }; status: { indicator: string; description: string }; components: V2Component[] }): string {
  return statusPageTemplate({ page: summary.page, status: summary.status, rows: componentRows(summary.components) });
}
