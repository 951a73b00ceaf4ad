import type { MonthlyReport, ReportRow, Stats } from './monthly-report';
import { SEVERITIES } from './monthly-report';

/** The monthly report as CSV (one row per incident) and as an internal HTML page with inline SVG charts. */

const CSV_COLUMNS: [string, (r: ReportRow) => string | number | null][] = [
  ['reference', (r) => r.reference],
  ['title', (r) => r.title],
  ['severity', (r) => r.severity],
  ['declared_at', (r) => r.declaredAt],
  ['resolved_at', (r) => r.resolvedAt],
  ['time_to_acknowledge_min', (r) => r.timeToAcknowledgeMinutes],
  ['time_to_first_customer_notice_min', (r) => r.timeToFirstCustomerNoticeMinutes],
  ['time_to_resolve_min', (r) => r.timeToResolveMinutes],
  ['updates_due', (r) => r.updatesDue],
  ['updates_on_time', (r) => r.updatesOnTime],
  ['escalations', (r) => r.escalations],
  ['action_items_open', (r) => r.actionItemsOpen],
  ['action_items_overdue', (r) => r.actionItemsOverdue],
  ['postmortem', (r) => r.postmortem],
];

/** One CSV field: quoted when needed; a leading =, +, - or @ is defused so spreadsheets do not run it. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function renderCsv(report: MonthlyReport): string {
  const lines = [CSV_COLUMNS.map(([name]) => name).join(',')];
  for (const row of report.rows) lines.push(CSV_COLUMNS.map(([, get]) => csvField(get(row))).join(','));
  return lines.join('\r\n') + '\r\n';
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export interface Bar {
  label: string;
  value: number | null;
  color?: string;
}

/** A horizontal bar chart as inline SVG; bars without a value say "n/a". */
export function barChart(title: string, bars: readonly Bar[], unit = ''): string {
  const width = 520;
  const labelWidth = 170;
  const barArea = width - labelWidth - 80;
  const rowHeight = 26;
  const height = 34 + bars.length * rowHeight;
  const max = Math.max(1, ...bars.map((b) => b.value ?? 0));
  const rows = bars
    .map((b, n) => {
      const y = 30 + n * rowHeight;
      const w = b.value ? Math.max(2, Math.round((b.value / max) * barArea)) : 0;
      const text = b.value === null ? 'n/a' : `${b.value}${unit}`;
      return [
        `<text x="${labelWidth - 8}" y="${y + 15}" text-anchor="end" font-size="12">${escapeHtml(b.label)}</text>`,
        `<rect x="${labelWidth}" y="${y + 3}" width="${w}" height="${rowHeight - 8}" fill="${b.color ?? '#3b6ea5'}" rx="2"><title>${escapeHtml(`${b.label}: ${text}`)}</title></rect>`,
        `<text x="${labelWidth + w + 6}" y="${y + 15}" font-size="12">${escapeHtml(text)}</text>`,
      ].join('');
    })
    .join('\n  ');
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeHtml(title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif">
  <text x="0" y="16" font-size="14" font-weight="bold">${escapeHtml(title)}</text>
  ${rows}
</svg>`;
}

const SEVERITY_COLORS = { P1: '#b42318', P2: '#dc6803', P3: '#3b6ea5', P4: '#667085' } as const;
const fmt = (n: number | null) => (n === null ? 'n/a' : String(n));
const statCells = (s: Stats) => `<td>${s.count}</td><td>${fmt(s.medianMinutes)}</td><td>${fmt(s.meanMinutes)}</td><td>${fmt(s.maxMinutes)}</td>`;

export function renderHtml(report: MonthlyReport): string {
  const t = report.timings;
  const charts = [
    barChart(
      'Incidents by severity',
      SEVERITIES.map((s) => ({ label: s, value: report.incidents.bySeverity[s], color: SEVERITY_COLORS[s] })),
    ),
    barChart(
      'Median time to acknowledge (declaration → commander acts)',
      SEVERITIES.map((s) => ({ label: s, value: t.bySeverity[s].timeToAcknowledge.medianMinutes, color: SEVERITY_COLORS[s] })),
      ' min',
    ),
    barChart(
      'Median time to first customer notice',
      SEVERITIES.map((s) => ({ label: s, value: t.bySeverity[s].timeToFirstCustomerNotice.medianMinutes, color: SEVERITY_COLORS[s] })),
      ' min',
    ),
    barChart(
      'Median time to resolve',
      SEVERITIES.map((s) => ({ label: s, value: t.bySeverity[s].timeToResolve.medianMinutes, color: SEVERITY_COLORS[s] })),
      ' min',
    ),
    barChart(
      `Customer update cadence (${report.cadence.adherencePercent === null ? 'no updates due' : `${report.cadence.adherencePercent}% on time`})`,
      [
        { label: 'on time', value: report.cadence.updatesOnTime, color: '#12b76a' },
        { label: 'late or missed', value: report.cadence.updatesDue - report.cadence.updatesOnTime, color: '#b42318' },
      ],
    ),
    barChart('Escalations by path', [
      { label: 'engineering', value: report.escalations.byPath.engineering },
      { label: 'support', value: report.escalations.byPath.support },
      { label: 'communications', value: report.escalations.byPath.communications },
    ]),
    barChart('Post-mortem action items', [
      { label: 'open', value: report.actionItems.open, color: '#3b6ea5' },
      { label: 'overdue', value: report.actionItems.overdue, color: '#b42318' },
      { label: 'done', value: report.actionItems.done, color: '#12b76a' },
    ]),
  ];
  const rows = report.rows
    .map(
      (r) =>
        `<tr><td>${escapeHtml(r.reference)}</td><td>${escapeHtml(r.title)}</td><td>${r.severity}</td><td>${escapeHtml(r.declaredAt.slice(0, 16).replace('T', ' '))}</td>` +
        `<td>${fmt(r.timeToAcknowledgeMinutes)}</td><td>${fmt(r.timeToFirstCustomerNoticeMinutes)}</td><td>${fmt(r.timeToResolveMinutes)}</td>` +
        `<td>${r.updatesOnTime} / ${r.updatesDue}</td><td>${r.escalations}</td><td>${r.actionItemsOpen}${r.actionItemsOverdue ? ` (${r.actionItemsOverdue} overdue)` : ''}</td><td>${escapeHtml(r.postmortem)}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Operations report ${escapeHtml(report.month)} — Sitrep</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 2rem; color: #101828; }
  h1 { margin-bottom: 0.2rem; } .muted { color: #667085; }
  table { border-collapse: collapse; margin: 1rem 0; font-size: 14px; }
  th, td { border-bottom: 1px solid #eaecf0; padding: 4px 10px; text-align: left; }
  .charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(540px, 1fr)); gap: 1rem; }
  .tiles { display: flex; gap: 1rem; flex-wrap: wrap; } .tile { border: 1px solid #eaecf0; border-radius: 6px; padding: 0.6rem 1rem; }
  .tile b { display: block; font-size: 1.6rem; }
</style>
</head>
<body>
<h1>Operations report ${escapeHtml(report.month)}</h1>
<p class="muted">Incidents declared ${escapeHtml(report.from.slice(0, 10))} to ${escapeHtml(report.to.slice(0, 10))} (UTC, end exclusive); generated ${escapeHtml(report.generatedAt)}. Internal.</p>
<div class="tiles">
  <div class="tile"><b>${report.incidents.total}</b>incidents (${report.incidents.unresolved} unresolved${report.incidents.duplicatesExcluded ? `, ${report.incidents.duplicatesExcluded} duplicates excluded` : ''})</div>
  <div class="tile"><b>${fmt(report.cadence.adherencePercent)}${report.cadence.adherencePercent === null ? '' : '%'}</b>customer updates on cadence</div>
  <div class="tile"><b>${fmt(report.executiveUpdates.adherencePercent)}${report.executiveUpdates.adherencePercent === null ? '' : '%'}</b>executive updates on time</div>
  <div class="tile"><b>${report.escalations.total}</b>escalations (${report.escalations.incidentsEscalated} incidents)</div>
  <div class="tile"><b>${report.actionItems.open}</b>open action items (${report.actionItems.overdue} overdue)</div>
  <div class="tile"><b>${report.postmortems.published} / ${report.postmortems.due}</b>post-mortems published (${report.postmortems.overdue} overdue)</div>
</div>
<h2>Response times (minutes)</h2>
<table>
<tr><th>measure</th><th>incidents</th><th>median</th><th>mean</th><th>max</th></tr>
<tr><td>Time to acknowledge</td>${statCells(t.timeToAcknowledge)}</tr>
<tr><td>Time to first customer notice</td>${statCells(t.timeToFirstCustomerNotice)}</tr>
<tr><td>Time to resolve</td>${statCells(t.timeToResolve)}</tr>
</table>
<div class="charts">
${charts.map((c) => `<figure>${c}</figure>`).join('\n')}
</div>
<h2>Incidents</h2>
<table>
<tr><th>reference</th><th>title</th><th>severity</th><th>declared (UTC)</th><th>ack (min)</th><th>first notice (min)</th><th>resolve (min)</th><th>updates on time</th><th>escalations</th><th>open action items</th><th>post-mortem</th></tr>
${rows || '<tr><td colspan="11" class="muted">No incidents this month.</td></tr>'}
</table>
</body>
</html>
`;
}
