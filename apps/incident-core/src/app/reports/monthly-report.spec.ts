import type { Actor } from '@sitrep/contracts';
import type { DeadlineFact } from '../postmortems/facts';
import { ReportIncident, monthRange, monthlyReport, stats, timeToAcknowledge } from './monthly-report';
import { csvField, renderCsv, renderHtml } from './monthly-report-render';

const t = (iso: string) => new Date(`${iso}:00.000Z`);
const person = (id: string): Actor => ({ kind: 'person', id });
const SYSTEM: Actor = { kind: 'system', id: 'sitrep' };
let n = 0;
const clock = (kind: DeadlineFact['kind'], starts: string, due: string, state: DeadlineFact['state'], met: string | null = null): DeadlineFact => ({
  id: `d${n++}`,
  kind,
  ownerRole: 'commander',
  startsAt: t(starts),
  dueAt: t(due),
  breachAt: null,
  state,
  metAt: met ? t(met) : null,
  breachedAt: null,
  cancelledAt: null,
});
const base = (over: Partial<ReportIncident>): ReportIncident => ({
  id: `i${n++}`,
  reference: 'INC-0000',
  title: 'x',
  severity: 'P3',
  declaredAt: t('2026-11-01T00:00'),
  declaredBy: person('declarer'),
  resolvedAt: null,
  duplicateOf: null,
  commanderId: null,
  timeline: [],
  deadlines: [],
  escalations: [],
  actionItems: [],
  postmortemState: null,
  ...over,
});

// A: a P1 with another declarer; its commander acts 4 minutes in; noticed at 20, resolved at 90.
const a = base({
  reference: 'INC-0001',
  title: 'Payments down',
  severity: 'P1',
  declaredAt: t('2026-11-03T10:00'),
  declaredBy: person('erin'),
  commanderId: 'alice',
  resolvedAt: t('2026-11-03T11:30'),
  timeline: [
    { at: t('2026-11-03T10:00'), kind: 'declared', actor: person('erin'), detail: null },
    { at: t('2026-11-03T10:00'), kind: 'role_assigned', actor: person('erin'), detail: null },
    { at: t('2026-11-03T10:04'), kind: 'role_assigned', actor: person('alice'), detail: null },
    { at: t('2026-11-03T10:09'), kind: 'assessment', actor: person('alice'), detail: null },
    { at: t('2026-11-03T10:20'), kind: 'communication_published', actor: SYSTEM, detail: { kind: 'initial' } },
  ],
  deadlines: [
    clock('customer_update', '2026-11-03T10:20', '2026-11-03T10:50', 'met', '2026-11-03T10:45'),
    clock('customer_update', '2026-11-03T10:45', '2026-11-03T11:15', 'breached', '2026-11-03T11:25'),
    clock('executive_update', '2026-11-03T10:00', '2026-11-03T11:00', 'met', '2026-11-03T10:55'),
    clock('postmortem', '2026-11-03T11:30', '2026-11-05T11:30', 'met', '2026-11-05T09:00'),
  ],
  escalations: [{ path: 'support', level: 1, firedAt: t('2026-11-03T10:30') }],
  actionItems: [
    { status: 'open', dueDate: '2026-11-10' },
    { status: 'done', dueDate: '2026-11-08' },
  ],
  postmortemState: 'published',
});
// B: a P2 whose declarer is the acting commander: the declaration's own lines do not count; a note at 30 min does.
const b = base({
  reference: 'INC-0002',
  title: '=HYPERLINK("http://evil")',
  severity: 'P2',
  declaredAt: t('2026-11-10T08:00'),
  declaredBy: person('dan'),
  commanderId: 'dan',
  resolvedAt: t('2026-11-10T10:00'),
  timeline: [
    { at: t('2026-11-10T08:00'), kind: 'declared', actor: person('dan'), detail: null },
    { at: t('2026-11-10T08:00'), kind: 'role_assigned', actor: person('dan'), detail: null },
    { at: t('2026-11-10T08:30'), kind: 'note', actor: person('dan'), detail: null },
  ],
  deadlines: [clock('customer_update', '2026-11-10T08:30', '2026-11-10T09:30', 'met', '2026-11-10T09:00'), clock('postmortem', '2026-11-10T10:00', '2026-11-15T10:00', 'breached')],
  actionItems: [{ status: 'open', dueDate: '2026-12-05' }],
  postmortemState: 'draft',
});
// E: an unresolved P3, acknowledged by the assessment at 15 min.
const e = base({
  reference: 'INC-0005',
  severity: 'P3',
  declaredAt: t('2026-11-25T09:00'),
  commanderId: 'carl',
  timeline: [{ at: t('2026-11-25T09:15'), kind: 'assessment', actor: person('someone'), detail: null }],
});
const october = base({ reference: 'INC-0000', severity: 'P1', declaredAt: t('2026-10-31T23:59') });
const duplicate = base({ reference: 'INC-0004', severity: 'P3', declaredAt: t('2026-11-20T12:00'), duplicateOf: a.id });

const now = t('2026-11-30T12:00');
const report = monthlyReport('2026-11', [october, a, b, duplicate, e], now);

describe('the monthly operations report', () => {
  it('takes the incidents declared in the month, without duplicates', () => {
    expect(monthRange('2026-11')).toEqual({ from: t('2026-11-01T00:00'), to: t('2026-12-01T00:00') });
    expect(monthRange('2026-12').to.toISOString()).toBe('2027-01-01T00:00:00.000Z');
    expect(report.incidents).toEqual({ total: 3, bySeverity: { P1: 1, P2: 1, P3: 1, P4: 0 }, unresolved: 1, duplicatesExcluded: 1 });
    expect(report.rows.map((r) => r.reference)).toEqual(['INC-0001', 'INC-0002', 'INC-0005']);
  });

  it('measures time to acknowledge, to first customer notice and to resolve', () => {
    expect([a, b, e].map(timeToAcknowledge)).toEqual([4, 30, 15]);
    expect(report.timings.timeToAcknowledge).toEqual({ count: 3, meanMinutes: 16.3, medianMinutes: 15, maxMinutes: 30 });
    expect(report.timings.timeToFirstCustomerNotice).toEqual({ count: 1, meanMinutes: 20, medianMinutes: 20, maxMinutes: 20 });
    expect(report.timings.timeToResolve).toEqual({ count: 2, meanMinutes: 105, medianMinutes: 105, maxMinutes: 120 });
    expect(report.timings.bySeverity.P1.timeToResolve.medianMinutes).toBe(90);
    expect(report.timings.bySeverity.P4.timeToResolve).toEqual({ count: 0, meanMinutes: null, medianMinutes: null, maxMinutes: null });
  });

  it('counts cadence adherence, escalations, action items and post-mortems', () => {
    expect(report.cadence).toEqual({ updatesDue: 3, updatesOnTime: 2, adherencePercent: 66.7 });
    expect(report.executiveUpdates).toEqual({ due: 1, onTime: 1, adherencePercent: 100 });
    expect(report.escalations).toEqual({ total: 1, byPath: { engineering: 0, support: 1, communications: 0 }, incidentsEscalated: 1 });
    expect(report.actionItems).toEqual({ total: 3, open: 2, done: 1, overdue: 1 });
    expect(report.postmortems).toEqual({ due: 2, published: 1, publishedOnTime: 1, overdue: 1 });
    expect(report.rows[0]).toMatchObject({ updatesDue: 2, updatesOnTime: 1, escalations: 1, actionItemsOpen: 1, actionItemsOverdue: 1, postmortem: 'published (on time)' });
    expect(report.rows[1]).toMatchObject({ postmortem: 'draft (missed)' });
  });

  it('counts the commander acknowledging their page as acknowledgement', () => {
    const paged = base({
      declaredAt: t('2026-11-12T08:00'),
      declaredBy: person('monitor'),
      commanderId: 'alice',
      timeline: [
        { at: t('2026-11-12T08:00'), kind: 'declared', actor: person('monitor'), detail: null },
        { at: t('2026-11-12T08:03'), kind: 'page_acknowledged', actor: person('alice'), detail: { personId: 'alice', secondsToAcknowledge: 180 } },
        { at: t('2026-11-12T08:10'), kind: 'assessment', actor: person('bob'), detail: null },
      ],
    });
    expect(timeToAcknowledge(paged)).toBe(3);
  });

  it('takes medians of even counts as the middle pair’s mean', () => {
    expect(stats([1, 2, 3, 10, null])).toEqual({ count: 4, meanMinutes: 4, medianMinutes: 2.5, maxMinutes: 10 });
  });

  it('writes one CSV row per incident, defusing formulas', () => {
    const csv = renderCsv(report).split('\r\n');
    expect(csv[0]).toBe(
      'reference,title,severity,declared_at,resolved_at,time_to_acknowledge_min,time_to_first_customer_notice_min,time_to_resolve_min,updates_due,updates_on_time,escalations,action_items_open,action_items_overdue,postmortem',
    );
    expect(csv[1]).toBe('INC-0001,Payments down,P1,2026-11-03T10:00:00.000Z,2026-11-03T11:30:00.000Z,4,20,90,2,1,1,1,1,published (on time)');
    expect(csv[2].startsWith(`INC-0002,"'=HYPERLINK(""http://evil"")",P2,`)).toBe(true);
    expect(csv).toHaveLength(5);
    expect(csvField('a,b')).toBe('"a,b"');
  });

  it('renders an HTML page with its charts inline', () => {
    const html = renderHtml(report);
    expect(html.match(/<svg /g)).toHaveLength(7);
    expect(html).toContain('Operations report 2026-11');
    expect(html).toContain('aria-label="Incidents by severity"');
    expect(html).toContain('66.7% on time');
    expect(html).toContain('&quot;http://evil&quot;');
    expect(html).not.toContain('"http://evil"');
  });
});
