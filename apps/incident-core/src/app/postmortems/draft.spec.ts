import { buildDraft, ticketsFromReports } from './draft';
import { durationText, money } from './format';
import { SETTINGS, at, scriptedP1Facts } from './scripted-p1.fixture';

const now = at('15:00');

describe('the post-mortem draft of the scripted P1', () => {
  const draft = buildDraft(scriptedP1Facts(), SETTINGS, {}, now);

  it('fills the incident summary: title, date and time range, severity, duration, commander', () => {
    expect(draft.summary).toEqual({
      title: 'Payment processing outage',
      reference: 'INC-0001',
      date: '2026-11-26 10:00–12:37 UTC',
      severity: 'P1',
      start: '2026-11-26T10:00:00.000Z',
      end: '2026-11-26T12:37:00.000Z',
      durationMinutes: 157,
      duration: '2h 37m',
      incidentCommander: 'Alice Commander',
    });
  });

  it('fills the impact: customers and share, revenue estimate, SLA credits, tickets and their increase, reputation', () => {
    const impact = draft.impact;
    expect(impact.customersText).toBe('140 (7% of total customer base)');
    expect(impact.revenue).toEqual({ amount: 15_700, basis: 'estimated', text: '$15,700 (estimated lost revenue during outage: 157 min × $100/min)' });
    expect(impact.slaBreaches).toEqual({ customers: 2, credits: [{ currency: 'USD', amount: 5000 }], text: '2 customers (credits issued: $5,000)' });
    // 10:10–10:55 from the hourly report (30 tickets), 10:55–11:10 from the latest 15-minute one (30): 60 in an hour, 3× the normal 20/h.
    expect(impact.supportTickets).toEqual({ tickets: 60, reportedMinutes: 60, increasePercent: 200, text: '60 tickets created during incident (200% increase vs. normal; reports cover 1h 0m, normal 20/h)' });
    expect(impact.reputation.text).toBe('media attention flagged: 11:11 escalated to Pat PR (pr): media attention: trending on social media');
  });

  it('prefers entered figures over estimates, and says what is missing', () => {
    const entered = buildDraft(scriptedP1Facts(), SETTINGS, { revenue_impact: '$12,000', reputation: '14 press mentions' }, now);
    expect(entered.impact.revenue).toEqual({ amount: 12_000, basis: 'entered', text: '$12,000 (entered)' });
    expect(entered.impact.reputation.text).toMatch(/^14 press mentions \(media attention flagged: /);
    const bare = buildDraft({ ...scriptedP1Facts(), compensations: [], timeline: [] }, { customerBaseTotal: null, normalTicketsPerHour: 20, revenuePerMinute: null }, {}, now);
    expect(bare.impact.revenue.text).toBe('not estimated: set SITREP_REVENUE_PER_MINUTE or enter it (section revenue_impact)');
    expect(bare.impact.slaBreaches.text).toBe('0 customers (no compensation authorised)');
    expect(bare.impact.supportTickets.text).toBe('not recorded (no ticket-volume reports)');
  });

  it('fills every row of the template timeline, with times', () => {
    expect(draft.timeline.map((r) => [r.key, r.time, r.text])).toEqual([
      ['detected', '10:00', 'Incident detected by multi-customer impact (140 customers), reported by Erin Support'],
      ['declared', '10:00', 'P1 declared by Erin Support'],
      ['war_room', 'not recorded', 'War room activated: not recorded'],
      ['first_customer_notice', '10:31', 'First customer notification sent'],
      ['root_cause_identified', '11:45', 'Root cause identified: expired TLS certificate on the card gateway'],
      ['fix_deployed', '12:10', 'Fix deployed (payments@4f2a9c1)'],
      ['resolution_verified', '12:10', 'Resolution verified (synthetic checkout passes)'],
      ['resolved', '12:37', 'Incident resolved declared by Alice Commander'],
      ['all_clear', '14:40', 'All-clear notification sent'],
    ]);
  });

  it('describes the root cause from the written section once there is one', () => {
    const written = buildDraft(scriptedP1Facts(), SETTINGS, { root_cause: 'The card gateway certificate expired.\nRenewal was manual.' }, now);
    expect(written.timeline.find((r) => r.key === 'root_cause_identified')?.text).toBe('Root cause identified: The card gateway certificate expired.');
  });

  it('names a severity raised after declaration, and who raised it', () => {
    const facts = scriptedP1Facts();
    facts.timeline[0] = { ...facts.timeline[0], text: 'P2 declared (multi-customer impact detected): Payment processing outage' };
    facts.timeline.splice(9, 0, { ...facts.timeline[8], kind: 'severity_changed', text: 'severity changed by the initial assessment: P2 → P1', detail: null });
    expect(buildDraft(facts, SETTINGS, {}, now).timeline[1]).toMatchObject({ time: '10:12', text: 'P1 declared by Alice Commander (severity raised from P2)' });
  });

  it('keeps the full timeline with who did what, internal notes included', () => {
    expect(draft.fullTimeline).toHaveLength(scriptedP1Facts().timeline.length);
    expect(draft.fullTimeline.find((l) => l.kind === 'note')).toEqual({ at: '2026-11-26T12:38:00.000Z', time: '12:38', kind: 'note', text: 'Acme Corp called the CEO directly', who: 'Alice Commander', internal: true });
    expect(draft.fullTimeline.find((l) => l.kind === 'deadline_due')?.who).toBe('Sitrep clock');
  });

  it('says "ongoing" and "not yet" before resolution', () => {
    const facts = scriptedP1Facts();
    facts.incident.resolvedAt = null;
    facts.timeline = facts.timeline.filter((l) => l.at < at('12:30'));
    const early = buildDraft(facts, SETTINGS, {}, at('12:30'));
    expect(early.summary).toMatchObject({ duration: 'ongoing', date: '2026-11-26 10:00 UTC – ongoing', end: null });
    expect(early.timeline.slice(-2).map((r) => r.time)).toEqual(['not recorded', 'not recorded']);
    expect(early.impact.revenue.text).toBe('not estimated yet (incident unresolved)');
  });
});

describe('ticket counts from overlapping reports', () => {
  it('integrates the latest report over each stretch of time', () => {
    expect(ticketsFromReports([{ at: at('11:00'), count: 30, windowMinutes: 30 }], 20)).toEqual({ tickets: 30, reportedMinutes: 30, increasePercent: 200 });
    // Two disjoint half hours: 10 then 40 tickets: 50 in an hour, 2.5× normal.
    expect(ticketsFromReports([{ at: at('10:30'), count: 10, windowMinutes: 30 }, { at: at('11:30'), count: 40, windowMinutes: 30 }], 20)).toEqual({ tickets: 50, reportedMinutes: 60, increasePercent: 150 });
    expect(ticketsFromReports([], 20)).toEqual({ tickets: 0, reportedMinutes: 0, increasePercent: null });
  });
});

describe('formatting', () => {
  it('writes durations as the template does, and money', () => {
    expect(durationText(157 * 60_000)).toBe('2h 37m');
    expect(durationText(45 * 60_000)).toBe('0h 45m');
    expect(money(15_700)).toBe('$15,700');
    expect(money(1250.5, 'EUR')).toBe('1,250.50 EUR');
  });
});
