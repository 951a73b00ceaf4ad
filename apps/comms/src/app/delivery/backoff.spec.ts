import { retryDelayMs } from './backoff';

describe('retry backoff', () => {
  it('doubles per attempt from one second, with half of each delay random', () => {
    expect(retryDelayMs(1, null, undefined, () => 0)).toBe(500);
    expect(retryDelayMs(1, null, undefined, () => 0.999999)).toBe(1_000);
    expect(retryDelayMs(4, null, undefined, () => 0)).toBe(4_000);
    expect(retryDelayMs(4, null, undefined, () => 0.5)).toBe(6_000);
  });

  it('stops growing at 30 minutes', () => {
    expect(retryDelayMs(30, null, undefined, () => 0.999999)).toBeLessThanOrEqual(1_800_000);
    expect(retryDelayMs(30, null, undefined, () => 0)).toBe(900_000);
  });

  it('never comes back sooner than the vendor\'s Retry-After', () => {
    expect(retryDelayMs(1, 10_000, undefined, () => 0.3)).toBe(10_000);
    expect(retryDelayMs(8, 10_000, undefined, () => 0)).toBe(64_000);
  });

  it('spreads retries of rows that failed together', () => {
    const delays = new Set(Array.from({ length: 100 }, () => retryDelayMs(5, null)));
    expect(delays.size).toBeGreaterThan(50);
    for (const d of delays) expect(d).toBeGreaterThanOrEqual(8_000);
  });
});
