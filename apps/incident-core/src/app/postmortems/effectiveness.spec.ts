import { clockOutcome, measureEffectiveness } from './effectiveness';
import { suggest } from './suggestions';
import { at, scriptedP1Facts } from './scripted-p1.fixture';

const now = at('15:00');

describe('response effectiveness against the clocks', () => {
  const e = measureEffectiveness(scriptedP1Facts(), now);

  it('measures the assessment and the first notice against their targets', () => {
    expect(e.assessment).toMatchObject({ minutes: 12, targetMinutes: 15, outcome: 'on_time', text: 'assessment at 12 min (target 15)' });
    expect(e.firstCustomerNotice).toMatchObject({ minutes: 31, targetMinutes: 30, outcome: 'late', text: 'first customer notice at 31 min (target 30)' });
  });

  it('counts updates on cadence and executive updates on time', () => {
    expect(e.customerUpdates).toEqual({ due: 2, onTime: 0, intervalMinutes: 30, text: '0 of 2 updates on cadence (every 30 min)' });
    expect(e.executiveUpdates).toEqual({ due: 2, onTime: 1, intervalMinutes: 60, text: '1 of 2 executive updates on time (every 60 min)' });
  });

  it('lists which escalations fired and when', () => {
    expect(e.escalations.map((x) => x.text)).toEqual([
      'support escalation to support VP (Sam Support VP) at 1h 10m (11:10): ticket volume 6.0× normal (threshold 5×)',
      'support escalation to CSO (Cass CSO) at 1h 10m (11:10): ticket volume 6.0× normal (threshold 5×)',
      'communications escalation to PR (Pat PR) at 1h 11m (11:11): media attention: trending on social media',
      'engineering escalation to engineering VP (Victor VP Engineering) at 2h 0m (12:00): unresolved after 2h',
    ]);
  });

  it('measures every clock, timers included', () => {
    expect(e.clocks.map((c) => [c.kind, c.outcome, c.text])).toEqual([
      ['assessment', 'on_time', 'assessment at 12 min (target 15)'],
      ['first_customer_notice', 'late', 'first customer notice at 31 min (target 30)'],
      ['executive_update', 'on_time', 'executive update due 11:00: sent 10:58'],
      ['customer_update', 'missed', 'customer update due 11:01: sent 11:07 (6 min late)'],
      ['customer_update', 'missed', 'customer update due 11:37: sent 14:40 (183 min late)'],
      ['executive_update', 'missed', 'executive update due 11:58: not sent'],
      ['escalation_engineering_vp', 'elapsed', 'engineering VP escalation threshold (2h 0m unresolved): crossed at 12:00'],
      ['stability_window', 'cancelled', 'stability window (15 min) started 12:11: restarted at 12:21'],
      ['stability_window', 'elapsed', 'stability window (15 min): held from 12:22 to 12:37'],
      ['escalation_cto', 'cancelled', 'CTO escalation threshold (3h 0m unresolved): not reached'],
      ['recovery_watch', 'elapsed', 'recovery watch (2h 0m): completed 14:37'],
      ['postmortem', 'pending', 'post-mortem due 2026-11-28 12:37 UTC: open'],
    ]);
  });

  it('tells pending from overdue from missed', () => {
    const pm = scriptedP1Facts().deadlines.find((d) => d.kind === 'postmortem')!;
    expect(clockOutcome(pm, at('12:38', 28))).toBe('overdue');
    expect(clockOutcome({ ...pm, state: 'breached' }, at('13:00', 28))).toBe('missed');
    expect(clockOutcome({ ...pm, state: 'met', metAt: at('09:00', 28) }, at('13:00', 28))).toBe('on_time');
  });
});

describe('suggested what went well / what could be improved', () => {
  it('draws both lists from the measurements of the scripted P1', () => {
    const facts = scriptedP1Facts();
    const effectiveness = measureEffectiveness(facts, now);
    const s = suggest({ effectiveness, timeline: facts.timeline, durationMinutes: 157, escalationThresholdMinutes: 120 });
    expect(s.wentWell).toEqual(['Fast initial assessment (12 min vs. 15 min target)', 'No recurrence during the recovery watch']);
    expect(s.couldImprove).toEqual([
      'Slower customer notification (31 min vs. 30 min target)',
      'Customer updates off cadence: 0 of 2 on time every 30 min',
      "Commander's executive updates missed: 1 of 2 written on time every 60 min",
      'Resolution took long enough to escalate on the engineering path: engineering VP at 2h 0m',
      'Ticket volume passed the escalation threshold: escalated to support VP, then CSO',
      'Media attention: escalated to PR',
      'Stability window restarted 1 time after unhealthy signals',
    ]);
  });

  it('praises a clean, fast response', () => {
    const facts = scriptedP1Facts();
    facts.escalations = [];
    facts.timeline = facts.timeline.filter((l) => !/restarted/.test(l.text));
    facts.deadlines = facts.deadlines.map((d) => (d.state === 'breached' ? { ...d, state: 'met' as const, metAt: d.dueAt } : d.kind === 'first_customer_notice' ? { ...d, metAt: at('10:25') } : d));
    const s = suggest({ effectiveness: measureEffectiveness(facts, now), timeline: facts.timeline, durationMinutes: 95, escalationThresholdMinutes: 120 });
    expect(s.wentWell).toEqual([
      'Fast initial assessment (12 min vs. 15 min target)',
      'Clear customer communication: first notice within target (25 min vs. 30 min target)',
      'Customer updates kept the cadence every 30 min (2 of 2)',
      "Commander's executive updates written on time (2 of 2)",
      'Resolved in 1h 35m, before the 2h 0m engineering escalation threshold',
      'The first fix deployed was verified and stable without a restart of the stability window',
      'No recurrence during the recovery watch',
    ]);
    expect(s.couldImprove).toEqual([]);
  });

  it('says the sponsor was kept informed only when updates were delivered to them, one per interval', () => {
    const facts = scriptedP1Facts();
    const effectiveness = measureEffectiveness(facts, now);
    const base = { effectiveness, timeline: facts.timeline, durationMinutes: 157, escalationThresholdMinutes: 120 };
    // Written and queued is not delivered: nothing reached the sponsor.
    expect(suggest({ ...base, sponsorUpdates: { intervals: 2, delivered: 0, fromCommander: 0 } }).couldImprove).toContain('Executive sponsor not kept informed (0 updates delivered for 2 intervals, 0 from the commander)');
    const kept = suggest({ ...base, sponsorUpdates: { intervals: 2, delivered: 2, fromCommander: 1 } });
    expect(kept.wentWell).toContain('Executive sponsor kept informed (2 updates delivered for 2 intervals, 1 from the commander)');
    expect([...kept.wentWell, ...suggest(base).wentWell].filter((l) => /kept informed/.test(l))).toHaveLength(1);
  });
});
