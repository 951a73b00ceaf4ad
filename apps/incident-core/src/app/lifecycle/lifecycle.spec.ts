import { refuseClose, refuseResolve, refuseStatusChange, statusFromTimeline } from './lifecycle';
import { refuseCommander, refuseImplementer } from './roles';

const now = new Date('2026-11-26T12:00:00Z');
const ago = (s: number) => new Date(now.getTime() - s * 1000);
const ready = { status: 'monitoring' as const, fixDeployedAt: ago(1200), verificationPassed: true, stableSince: ago(900), lastSignalHealthy: true, now, stabilityWindowMs: 900_000 };

describe('the incident lifecycle', () => {
  it('lets responders move between the working states', () => {
    expect(refuseStatusChange('declared', 'investigating')).toBeNull();
    expect(refuseStatusChange('investigating', 'identified')).toBeNull();
    expect(refuseStatusChange('monitoring', 'investigating')).toBeNull();
  });

  it('refuses shortcuts and says which command to use', () => {
    expect(refuseStatusChange('investigating', 'monitoring')).toMatch(/fix-deployed/);
    expect(refuseStatusChange('identified', 'resolved')).toMatch(/POST \/resolve/);
    expect(refuseStatusChange('closed', 'investigating')).toMatch(/cannot move from closed to investigating/);
  });

  it('refuses to resolve before the stability window has passed', () => {
    expect(refuseResolve({ ...ready, stableSince: ago(600) })).toBe('the service has been stable for 600s of the required 900s stability window (300s to go)');
    expect(refuseResolve(ready)).toBeNull();
  });

  it('refuses to resolve an unverified fix or an unhealthy service', () => {
    expect(refuseResolve({ ...ready, verificationPassed: false })).toMatch(/no passing verification/);
    expect(refuseResolve({ ...ready, lastSignalHealthy: false })).toMatch(/not reported the service healthy/);
    expect(refuseResolve({ ...ready, status: 'identified' })).toMatch(/only an incident in monitoring/);
  });

  it('closes only after the recovery watch', () => {
    expect(refuseClose('recovery_watch', new Date(now.getTime() + 1000), now)).toMatch(/recovery watch runs until/);
    expect(refuseClose('recovery_watch', ago(1), now)).toBeNull();
    expect(refuseClose('monitoring', null, now)).toMatch(/only an incident in its recovery watch/);
  });
});

describe('the commander and the fix', () => {
  it('refuses a commander who implements the fix, and an implementer who commands, naming the person', () => {
    const alice = { id: 'p_17', name: 'Alice Okoro' };
    expect(refuseCommander(alice, ['p_17'])).toBe('Alice Okoro is implementing the fix and cannot be the incident commander');
    expect(refuseImplementer(alice, 'p_17')).toBe('Alice Okoro is the incident commander and cannot implement the fix');
    expect(refuseCommander({ id: 'p_1', name: 'Bo' }, ['p_2'])).toBeNull();
    expect(refuseImplementer({ id: 'p_1', name: 'Bo' }, 'p_2')).toBeNull();
  });
});

describe('statusFromTimeline', () => {
  it('derives the current status from the recorded changes, in order', () => {
    expect(statusFromTimeline([{ kind: 'declared' }])).toBe('declared');
    expect(
      statusFromTimeline([
        { kind: 'declared' },
        { kind: 'status_changed', detail: { from: 'declared', to: 'investigating' } },
        { kind: 'note', detail: { to: 'closed' } },
        { kind: 'status_changed', detail: { from: 'investigating', to: 'identified' } },
      ]),
    ).toBe('identified');
  });
});
