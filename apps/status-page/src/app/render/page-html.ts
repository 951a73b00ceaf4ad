import { readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import Handlebars from 'handlebars';
import { COMPONENT_STATUS_LABELS, IMPACT_LABELS, POST_INCIDENT_REVIEW, PUBLIC_STATUS_LABELS, SMS_EXAMPLE_NUMBER, statusPageTitle } from '@sitrep/contracts';
import type { ComponentStatus } from '@sitrep/contracts';
import { HISTORY_DAYS, HistoryDay, PublicView, ViewReport } from '../read-model/public-view';
import type { Branding } from './branding';
import { INDICATOR_DESCRIPTIONS } from './overall-status';

/** The words customers read come from libs/contracts: the same as in the emails and SMS. */
export const STATUS_LABELS: Record<ComponentStatus, string> = COMPONENT_STATUS_LABELS;
export const UPDATE_STATUS_LABELS: Record<string, string> = PUBLIC_STATUS_LABELS;
export { IMPACT_LABELS };

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "25 Nov 2026, 14:39 UTC": the same on every server, whatever its locale or time zone. */
export function utcText(iso: string): string {
  const d = new Date(iso);
  const hh = String(d.getUTCHours()).padStart(2, '0');
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()].slice(0, 3)} ${d.getUTCFullYear()}, ${hh}:${mm} UTC`;
}

function dayText(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${d} ${MONTHS[m - 1].slice(0, 3)} ${y}`;
}

/**
 * The renderer owns its Handlebars instance. Every value goes through `{{ }}` (escaped); the only helpers
 * that return markup escape their input first.
 */
const handlebars = Handlebars.create();
const escape = (text: string) => handlebars.Utils.escapeExpression(text);

handlebars.registerHelper('time', (iso: unknown) => {
  if (typeof iso !== 'string' || Number.isNaN(Date.parse(iso))) return '';
  return new handlebars.SafeString(`<time datetime="${escape(iso)}" data-local>${escape(utcText(iso))}</time>`);
});

/** Plain text as paragraphs: blank lines split paragraphs, single newlines become line breaks. */
export function textToHtml(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .trim()
    .split(/\n{2,}/)
    .map((p) => `<p>${p.split('\n').map(escape).join('<br>')}</p>`)
    .join('');
}
handlebars.registerHelper('smsExample', () => SMS_EXAMPLE_NUMBER);
handlebars.registerHelper('statusTitle', (name: unknown) => statusPageTitle(typeof name === 'string' ? name : ''));
handlebars.registerHelper('paragraphs', (text: unknown) => new handlebars.SafeString(typeof text === 'string' ? textToHtml(text) : ''));

const templatesDir = join(__dirname, '..', 'templates');
for (const file of readdirSync(join(templatesDir, 'partials'))) {
  if (file.endsWith('.hbs')) handlebars.registerPartial(basename(file, '.hbs'), readFileSync(join(templatesDir, 'partials', file), 'utf8'));
}
handlebars.registerPartial('layout', readFileSync(join(templatesDir, 'layout.hbs'), 'utf8'));
const compile = (name: string) => handlebars.compile(readFileSync(join(templatesDir, `${name}.hbs`), 'utf8'), { strict: false, preventIndent: true });
const templates = { index: compile('index'), incident: compile('incident'), history: compile('history'), message: compile('message') };

/** Site-wide values every page needs. */
export interface SiteContext {
  name: string;
  logoUrl: string | null;
  accent: string;
  links: { label: string; url: string }[];
  cssHref: string;
  jsHref: string;
}

export function siteContext(brand: Branding, assets: { cssHref: string; jsHref: string }): SiteContext {
  return { name: brand.name, logoUrl: brand.logoUrl, accent: brand.accentAccessible, links: brand.links, ...assets };
}

function reportHref(report: ViewReport): string {
  return `/incidents/${encodeURIComponent(report.id)}`;
}

function affectedNames(view: PublicView, report: ViewReport): string {
  const names = new Map(view.components.map((c) => [c.id, c.name]));
  for (const u of report.updates) for (const a of u.affected ?? []) if (!names.has(a.id)) names.set(a.id, a.name);
  return report.componentIds.map((id) => names.get(id)).filter(Boolean).join(', ');
}

function cardContext(view: PublicView, report: ViewReport) {
  return {
    id: report.id,
    href: reportHref(report),
    name: report.name,
    impact: report.impact,
    impactLabel: IMPACT_LABELS[report.impact],
    statusLabel: UPDATE_STATUS_LABELS[report.status] ?? report.status,
    kindLabel: report.subject === 'maintenance' ? 'Maintenance' : 'Incident',
    affected: affectedNames(view, report),
    scheduledFor: report.scheduledFor,
    scheduledUntil: report.scheduledUntil,
    updates: report.updates.map((u) => ({ statusLabel: UPDATE_STATUS_LABELS[u.status] ?? u.status, body: u.body, at: u.publishedAt })),
  };
}

function dayTitle(day: HistoryDay): string {
  if (day.impact === 'nodata') return `${dayText(day.date)}: no data`;
  if (day.entries.length === 0) return `${dayText(day.date)}: no incidents`;
  return `${dayText(day.date)}: ${day.entries.map((e) => `${STATUS_LABELS[e.status].toLowerCase()}, ${e.name}`).join('; ')}`;
}

/**
 * The bar's cells: a day with incidents is a cell of its own; a run of quiet days (or days before the
 * component existed) is one cell as wide as the run, its day boundaries drawn by the stylesheet. This
 * keeps a page of 20 components near 30 KB instead of 130 KB, which matters most during an outage.
 */
function barCells(days: readonly HistoryDay[]): { impact: string; title: string; width: number }[] {
  const cells: { impact: string; title: string; width: number }[] = [];
  let i = 0;
  while (i < days.length) {
    const day = days[i];
    let j = i + 1;
    if (day.entries.length === 0) while (j < days.length && days[j].entries.length === 0 && days[j].impact === day.impact) j++;
    const width = j - i;
    const title = width === 1 ? dayTitle(day) : `${dayText(day.date)} to ${dayText(days[j - 1].date)}: ${day.impact === 'nodata' ? 'no data' : 'no incidents'}`;
    cells.push({ impact: day.impact, title, width });
    i = j;
  }
  return cells;
}

export function historyContext(days: readonly HistoryDay[]) {
  const incidentDays = days.filter((d) => d.entries.length > 0);
  return {
    firstLabel: `${days.length} days ago`,
    days: barCells(days),
    incidentDays: [...incidentDays].reverse().map(dayTitle),
    summary:
      incidentDays.length === 0
        ? `No incidents in the last ${days.length} days`
        : `${incidentDays.length} ${incidentDays.length === 1 ? 'day' : 'days'} with incidents in the last ${days.length} days`,
  };
}

interface MonthGroup {
  label: string;
  items: { href: string; name: string; kindLabel: string; statusLabel: string; at: string }[];
}

/** Past (closed) incidents and completed maintenance, grouped by the month they began, newest first. */
export function monthGroups(view: PublicView, options: { months?: number } = {}): MonthGroup[] {
  const closed = [...view.incidents, ...view.maintenances].filter((r) => !r.open).sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  const groups = new Map<string, MonthGroup>();
  if (options.months) {
    // The front page lists the recent months even when they were quiet.
    const now = new Date(view.now);
    for (let i = 0; i < options.months; i++) {
      const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1));
      groups.set(d.toISOString().slice(0, 7), { label: `${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`, items: [] });
    }
  }
  for (const r of closed) {
    const key = r.startedAt.slice(0, 7);
    if (options.months && !groups.has(key)) continue;
    const [y, m] = key.split('-').map(Number);
    const group = groups.get(key) ?? { label: `${MONTHS[m - 1]} ${y}`, items: [] };
    group.items.push({ href: reportHref(r), name: r.name, kindLabel: r.subject === 'maintenance' ? 'maintenance' : IMPACT_LABELS[r.impact].toLowerCase(), statusLabel: (UPDATE_STATUS_LABELS[r.status] ?? r.status).toLowerCase(), at: r.resolvedAt ?? r.updatedAt });
    groups.set(key, group);
  }
  return [...groups.entries()].sort(([a], [b]) => b.localeCompare(a)).map(([, g]) => g);
}

export function renderIndex(site: SiteContext, view: PublicView): string {
  const leaf = (c: PublicView['components'][number]) => ({
    name: c.name,
    status: c.status,
    statusLabel: STATUS_LABELS[c.status],
    description: c.description,
    history: historyContext(view.history.get(c.id) ?? []),
  });
  const rows: unknown[] = [];
  const groups = new Map<string, { name: string; status: ComponentStatus; statusLabel: string; description: null; members: ReturnType<typeof leaf>[] }>();
  const rank: ComponentStatus[] = ['operational', 'under_maintenance', 'degraded_performance', 'partial_outage', 'major_outage'];
  for (const c of view.components) {
    if (!c.group) {
      rows.push(leaf(c));
      continue;
    }
    let group = groups.get(c.group);
    if (!group) {
      group = { name: c.group, status: 'operational', statusLabel: STATUS_LABELS.operational, description: null, members: [] };
      groups.set(c.group, group);
      rows.push(group);
    }
    group.members.push(leaf(c));
    if (rank.indexOf(c.status) > rank.indexOf(group.status)) {
      group.status = c.status;
      group.statusLabel = STATUS_LABELS[c.status];
    }
  }
  return templates.index({
    site,
    title: statusPageTitle(site.name),
    updatedAt: view.updatedAt,
    historyDays: HISTORY_DAYS,
    status: { indicator: view.indicator, description: INDICATOR_DESCRIPTIONS[view.indicator] },
    activeIncidents: view.incidents.filter((i) => i.open).map((r) => cardContext(view, r)),
    activeMaintenance: view.maintenances.filter((m) => m.active).map((r) => cardContext(view, r)),
    upcomingMaintenance: view.maintenances.filter((m) => m.status === 'scheduled').map((r) => cardContext(view, r)),
    rows,
    months: monthGroups(view, { months: 3 }),
    subscribe: { components: view.components.map((c) => ({ id: c.id, label: c.group ? `${c.group}: ${c.name}` : c.name })) },
  });
}

export function renderIncidentPage(site: SiteContext, view: PublicView, report: ViewReport, permalinkUrl: string): string {
  const card = cardContext(view, report);
  return templates.incident({
    site,
    title: `${report.name} · ${statusPageTitle(site.name)}`,
    updatedAt: report.updatedAt,
    report: {
      ...card,
      permalink: permalinkUrl,
      postmortem: report.postmortem,
      postmortemTitleIsName: report.postmortem?.title === report.name,
      postmortemLabel: POST_INCIDENT_REVIEW,
    },
  });
}

export function renderHistoryPage(site: SiteContext, view: PublicView): string {
  return templates.history({ site, title: `Incident history · ${statusPageTitle(site.name)}`, updatedAt: view.updatedAt, months: monthGroups(view) });
}

export interface MessagePage {
  title: string;
  heading: string;
  paragraphs: string[];
  form?: { action: string; button: string; fields: { name: string; value: string }[]; input?: { name: string; label: string; inputmode: string; maxlength: number } };
}

/** Pages answered per request (subscription outcomes, not found): small, escaped like the rest. */
export function renderMessagePage(site: SiteContext, page: MessagePage, updatedAt: string): string {
  return templates.message({ site, updatedAt, ...page, title: `${page.title} · ${statusPageTitle(site.name)}` });
}
