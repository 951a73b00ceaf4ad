import { displayClock, durationText, nextClock, timeLeftText } from './clock-display';

const now = new Date('2026-03-01T10:00:00Z');
const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000);
const row = (kind: string, dueIn: number, state = 'pending', metAt: Date | null = null) => ({ kind, due_at: at(dueIn), state, met_at: metAt, breached_at: null });

describe('clocks on the console', () => {
  it('says how long is left or how late it is', () => {
    expect(timeLeftText(at(12), now)).toBe('12m left');
    expect(timeLeftText(at(65), now)).toBe('1h 05m left');
    expect(timeLeftText(at(-3), now)).toBe('3m late');
    expect(timeLeftText(new Date(now.getTime() + 30_000), now)).toBe('30s left');
  });

  it('picks the earliest running clock, breached ones included, met and cancelled ones not', () => {
    const next = nextClock([row('status_update', 20), row('first_notice', -5, 'breached'), row('war_room', -10, 'met', at(-12)), row('x', 1, 'cancelled')], now);
    expect(next).toMatchObject({ kind: 'first_notice', breached: true, timeLeft: '5m late' });
    expect(nextClock([row('a', 1, 'met', now)], now)).toBeNull();
  });

  it('shows a pending clock past its due time as breached before the scheduler fires', () => {
    expect(displayClock(row('status_update', -1), now)).toMatchObject({ breached: true, timeLeft: '1m late' });
    expect(displayClock(row('status_update', -1, 'met', now), now)).toMatchObject({ breached: false, timeLeft: 'met' });
  });

  it('writes durations in minutes, hours and days', () => {
    expect(durationText(at(-5), now)).toBe('5m');
    expect(durationText(at(-134), now)).toBe('2h 14m');
    expect(durationText(at(-60 * 26), now)).toBe('1d 2h');
  });
});
