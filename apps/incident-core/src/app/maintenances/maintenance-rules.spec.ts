import { nextMaintenanceStep, scheduleMaintenanceBody } from './maintenance-rules';

const from = new Date('2026-12-01T02:00:00Z');
const until = new Date('2026-12-01T04:00:00Z');

describe('maintenance windows', () => {
  it('start at their start and complete at their end', () => {
    expect(nextMaintenanceStep('scheduled', from, until, new Date('2026-12-01T01:59:00Z'))).toBeNull();
    expect(nextMaintenanceStep('scheduled', from, until, from)).toBe('start');
    expect(nextMaintenanceStep('in_progress', from, until, new Date('2026-12-01T03:00:00Z'))).toBeNull();
    expect(nextMaintenanceStep('in_progress', from, until, until)).toBe('complete');
    expect(nextMaintenanceStep('cancelled', from, until, until)).toBeNull();
  });

  it('refuses a window that ends before it starts, naming the field', () => {
    const result = scheduleMaintenanceBody.safeParse({ title: 'DB upgrade', message: 'Read-only for 10 minutes', componentIds: ['00000000-0000-4000-8000-000000000001'], scheduledFor: until.toISOString(), scheduledUntil: from.toISOString() });
    expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['scheduledUntil', 'must be after scheduledFor']]);
  });
});
