import { resolvePolicy } from '../policy/policy-file';
import { deadlinesOnDeclare, executiveUpdateFits, nextExecutiveUpdate, planDeadline, stagesToFire, warnLead } from './deadline-rules';

const t0 = new Date('2026-11-26T10:00:00Z');
const min = 60_000;

describe('deadline rules', () => {
  it('starts the seed clocks of a P1 on declaration, each with its owner', () => {
    const plans = deadlinesOnDeclare('P1', t0, resolvePolicy().severities.P1);
    expect(plans.map((p) => [p.kind, p.ownerRole, (p.dueAt.getTime() - t0.getTime()) / min])).toEqual([
      ['assessment', 'commander', 15],
      ['first_customer_notice', 'comms_lead', 30],
      ['escalation_engineering_vp', 'commander', 120],
      ['escalation_cto', 'commander', 180],
      ['executive_update', 'commander', 60],
    ]);
  });

  it('gives a P3 no executive update clock', () => {
    expect(deadlinesOnDeclare('P3', t0, resolvePolicy().severities.P3).map((p) => p.kind)).not.toContain('executive_update');
  });

  it('warns a third of the interval ahead, at most five minutes, and breaches as long after', () => {
    expect(warnLead(15 * min)).toBe(5 * min);
    expect(warnLead(3_000)).toBe(1_000);
    const plan = planDeadline('assessment', t0, 15 * min);
    expect(plan.warnAt.toISOString()).toBe('2026-11-26T10:10:00.000Z');
    expect(plan.breachAt?.toISOString()).toBe('2026-11-26T10:20:00.000Z');
    expect(planDeadline('recovery_watch', t0, 120 * min).breachAt).toBeNull();
  });

  it('fires each stage once, in order, and skips the warning for something already overdue', () => {
    const plan = planDeadline('assessment', t0, 15 * min);
    const fresh = { ...plan, warnedAt: null, dueFiredAt: null, breachedAt: null };
    expect(stagesToFire(fresh, new Date(t0.getTime() + 9 * min))).toEqual([]);
    expect(stagesToFire(fresh, new Date(t0.getTime() + 11 * min))).toEqual(['due_soon']);
    const warned = { ...fresh, warnedAt: new Date(t0.getTime() + 11 * min) };
    expect(stagesToFire(warned, new Date(t0.getTime() + 12 * min))).toEqual([]);
    expect(stagesToFire(warned, new Date(t0.getTime() + 15 * min))).toEqual(['due']);
    expect(stagesToFire(fresh, new Date(t0.getTime() + 25 * min))).toEqual(['due', 'breached']);
  });

  it('breaches an executive update the moment its interval ends, and announces it once, as missed', () => {
    const plan = planDeadline('executive_update', t0, 60 * min);
    expect(plan.breachAt?.toISOString()).toBe(plan.dueAt.toISOString());
    const fresh = { ...plan, warnedAt: t0, dueFiredAt: null, breachedAt: null };
    expect(stagesToFire(fresh, new Date(t0.getTime() + 60 * min))).toEqual(['breached']);
  });

  it('keeps the executive cadence from declaration, met or missed: the next interval starts when the last fell due', () => {
    const first = planDeadline('executive_update', t0, 60 * min);
    const next = nextExecutiveUpdate(first, 60 * min);
    expect([next.startsAt.toISOString(), next.dueAt.toISOString()]).toEqual(['2026-11-26T11:00:00.000Z', '2026-11-26T12:00:00.000Z']);
  });

  it("takes one commander's update per interval", () => {
    const clock = { startsAt: t0, dueAt: new Date(t0.getTime() + 60 * min), metAt: null };
    expect(executiveUpdateFits(clock, new Date(t0.getTime() + 10 * min))).toBe('meets');
    expect(executiveUpdateFits({ ...clock, metAt: new Date(t0.getTime() + 10 * min) }, new Date(t0.getTime() + 20 * min))).toBe('already_sent');
    expect(executiveUpdateFits(clock, new Date(t0.getTime() + 60 * min))).toBe('no_interval');
    expect(executiveUpdateFits(null, t0)).toBe('no_interval');
  });
});
