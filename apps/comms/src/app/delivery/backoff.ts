/**
 * When to try a failed delivery again: exponential from one second, doubling per attempt, capped at 30
 * minutes, with "equal jitter" (half the delay fixed, half random) so that a provider outage that failed
 * thousands of rows at once does not bring them all back in the same second. A vendor's Retry-After is a
 * floor: we never come back sooner than it asked.
 */
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

export const defaultBackoff: BackoffPolicy = { baseMs: 1_000, maxMs: 30 * 60 * 1000 };

/** `attempt` is the attempt that just failed, from 1. `random` returns [0, 1). */
export function retryDelayMs(attempt: number, retryAfterMs: number | null, policy: BackoffPolicy = defaultBackoff, random: () => number = Math.random): number {
  const exponential = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  const jittered = exponential / 2 + random() * (exponential / 2);
  return Math.round(Math.max(jittered, retryAfterMs ?? 0));
}
