import { SlackLimitKey, limitFor } from './slack-rate-limits';

/** People first: invitations go ahead of posts waiting on the same limit. */
export type SlackCallPriority = 'people' | 'normal';

interface Waiter {
  priority: SlackCallPriority;
  start: () => void;
}

interface Bucket {
  calls: number;
  windowMs: number;
  /** Start times of the calls in the current window, oldest first. */
  starts: number[];
  /** No call before this (a Retry-After Slack gave us). */
  pausedUntil: number;
  waiting: Waiter[];
  timer: NodeJS.Timeout | null;
}

/**
 * Spaces this process's Slack calls the way Slack counts them: a sliding window per method tier, and per
 * channel for chat.postMessage, so a burst of war-room posts never holds up an invitation or a modal.
 * A 429's Retry-After pauses just the limit it hit. Calls never wait on each other across limits.
 */
export class SlackRateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private stopped = false;

  constructor(private readonly now: () => number = Date.now) {}

  run<T>(key: SlackLimitKey, work: () => Promise<T>, priority: SlackCallPriority = 'normal'): Promise<T> {
    const bucket = this.bucket(key);
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter = { priority, start: () => work().then(resolve, reject) };
      // Behind those of the same or higher priority, ahead of the rest.
      const at = priority === 'people' ? bucket.waiting.findIndex((w) => w.priority !== 'people') : -1;
      if (at === -1) bucket.waiting.push(waiter);
      else bucket.waiting.splice(at, 0, waiter);
      this.drain(bucket);
    });
  }

  /** Slack said 429 with Retry-After: nothing more on this limit until it has passed. */
  pause(key: SlackLimitKey, ms: number): void {
    const bucket = this.bucket(key);
    bucket.pausedUntil = Math.max(bucket.pausedUntil, this.now() + ms);
    this.drain(bucket);
  }

  /** Waiting calls are dropped (their promises never settle): the process is stopping. */
  stop(): void {
    this.stopped = true;
    for (const bucket of this.buckets.values()) {
      if (bucket.timer) clearTimeout(bucket.timer);
      bucket.waiting.length = 0;
    }
  }

  private bucket(key: SlackLimitKey): Bucket {
    const limit = limitFor(key);
    let bucket = this.buckets.get(limit.bucket);
    if (!bucket) {
      bucket = { calls: limit.calls, windowMs: limit.windowMs, starts: [], pausedUntil: 0, waiting: [], timer: null };
      this.buckets.set(limit.bucket, bucket);
    }
    return bucket;
  }

  private drain(bucket: Bucket): void {
    if (this.stopped || bucket.timer) return;
    while (bucket.waiting.length > 0) {
      const now = this.now();
      while (bucket.starts.length > 0 && bucket.starts[0] <= now - bucket.windowMs) bucket.starts.shift();
      const freeAt = Math.max(bucket.pausedUntil, bucket.starts.length >= bucket.calls ? bucket.starts[0] + bucket.windowMs : 0);
      if (freeAt > now) {
        bucket.timer = setTimeout(() => {
          bucket.timer = null;
          this.drain(bucket);
        }, freeAt - now);
        bucket.timer.unref?.();
        return;
      }
      bucket.starts.push(now);
      bucket.waiting.shift()!.start();
    }
  }
}
