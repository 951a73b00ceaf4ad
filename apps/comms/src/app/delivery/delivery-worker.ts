import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { Clock } from '@sitrep/clock';
import { DeliveryChannel, DeliveryFailure, SendReceipt } from '../channels/channel-adapter';
import { ChannelRegistry } from '../channels/channel-registry';
import { ProviderRateLimit } from '../channels/provider-rate-limit';
import { InternalNoticeSender } from '../war-room/internal-notice-sender';
import { retryDelayMs } from './backoff';
import { ClaimedDelivery, DeliveryLedger, DeliveryOutcome } from './delivery-ledger';
import { NotificationComposer } from './notification-composer';
import { slackCallGivenUp } from './slack-call-given-up';

export interface DeliveryWorkerOptions {
  /** Names this process in claimed_by; unique per process start. */
  workerId: string;
  /** Sends in flight per channel. */
  concurrency: number;
  batchSize: number;
  leaseMs: number;
  maxAttempts: number;
  pollMs: number;
}

export interface DeliveryWorkerDeps {
  dataSource: DataSource;
  channels: ChannelRegistry;
  composer: NotificationComposer;
  internal: InternalNoticeSender;
  clock: Clock;
  logger: Logger;
  /** Called with each recorded batch (metrics, summaries). */
  onRecorded?: (outcomes: DeliveryOutcome[]) => void;
}

/** Outcomes waiting to be written: flushed every few milliseconds in one statement per kind. */
class OutcomeBuffer {
  private pending: DeliveryOutcome[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly write: (outcomes: DeliveryOutcome[]) => Promise<void>,
    private readonly maxItems = 200,
    private readonly maxDelayMs = 10,
  ) {}

  add(outcome: DeliveryOutcome): void {
    this.pending.push(outcome);
    if (this.pending.length >= this.maxItems) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.maxDelayMs);
  }

  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending;
    this.pending = [];
    if (batch.length > 0) this.flushing = this.flushing.then(() => this.write(batch));
    return this.flushing;
  }
}

/**
 * Sends what the ledger holds. Each configured channel has a pump: it claims due rows (SKIP LOCKED, with a
 * lease), keeps `concurrency` sends in flight through the vendor's rate limit, and records each outcome
 * right after the vendor answered. Several processes run pumps over the same table without sending a row
 * twice; a process killed between a send and its record leaves at most the rows it had in flight, which
 * come back when their lease ends.
 */
export class DeliveryWorker {
  private running = false;
  private readonly ledger: DeliveryLedger;
  private readonly outcomes: OutcomeBuffer;
  private readonly pumps: Promise<void>[] = [];
  private readonly wakers = new Map<DeliveryChannel, () => void>();
  private readonly pausedUntil = new Map<DeliveryChannel, number>();
  private leaseSweep: NodeJS.Timeout | null = null;
  /** Counters since start, for logs and the bench. */
  readonly stats = { sent: 0, retried: 0, failed: 0, cancelled: 0, skippedExpiredLease: 0, foundAlreadySent: 0 };

  constructor(
    private readonly deps: DeliveryWorkerDeps,
    private readonly options: DeliveryWorkerOptions,
  ) {
    this.ledger = new DeliveryLedger(deps.dataSource);
    this.outcomes = new OutcomeBuffer(async (batch) => {
      // A batch that cannot be written (PostgreSQL restarting, a connection cut) is tried again until its
      // rows' lease runs out: dropped, every row in it would go back to pending and be sent a second time.
      // Past the lease the rows may be another worker's, and the write would not touch them anyway.
      const giveUpAt = Date.now() + options.leaseMs;
      for (let attempt = 1; ; attempt++) {
        try {
          await this.ledger.record(batch, options.workerId);
          deps.onRecorded?.(batch);
          if (attempt > 1) deps.logger.warn({ rows: batch.length, attempt }, 'delivery outcomes recorded after a retry');
          return;
        } catch (error) {
          if (Date.now() >= giveUpAt) {
            // The rows stay 'sending' and come back after their lease: resent at worst, never lost.
            deps.logger.error({ err: error, rows: batch.length }, 'could not record delivery outcomes');
            return;
          }
          deps.logger.warn({ err: error, rows: batch.length, attempt }, 'could not record delivery outcomes yet; retrying');
          await new Promise((ok) => setTimeout(ok, Math.min(100 * 2 ** (attempt - 1), 2_000)));
        }
      }
    });
  }

  start(): void {
    this.running = true;
    for (const channel of ['email', 'sms', 'slack'] as const) {
      if (this.deps.channels.has(channel)) this.pumps.push(this.pump(channel));
    }
    const sweep = async () => {
      const released = await this.ledger.releaseExpiredLeases().catch(() => 0);
      if (released > 0) {
        this.deps.logger.warn({ released }, 'deliveries whose worker stopped answering are due again');
        this.wake();
      }
    };
    this.leaseSweep = setInterval(() => void sweep(), Math.max(500, Math.min(this.options.leaseMs / 4, 5_000)));
    void sweep();
  }

  /** New rows were added: pumps that are idle look now instead of at their next poll. */
  wake(channel?: DeliveryChannel): void {
    if (channel) this.wakers.get(channel)?.();
    else for (const waker of this.wakers.values()) waker();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.leaseSweep) clearInterval(this.leaseSweep);
    this.wake();
    await Promise.all(this.pumps);
    await this.outcomes.flush();
  }

  private limitFor(channel: DeliveryChannel): ProviderRateLimit {
    const c = this.deps.channels;
    return (channel === 'email' ? c.email?.limit : channel === 'sms' ? c.sms?.limit : c.slack?.limit) ?? new ProviderRateLimit(channel, 0);
  }

  private async pump(channel: DeliveryChannel): Promise<void> {
    const { concurrency, batchSize, leaseMs, pollMs } = this.options;
    const limit = this.limitFor(channel);
    const queue: ClaimedDelivery[] = [];
    let inFlight = 0;
    let signal: (() => void) | null = null;
    // A wake-up that came while the pump was busy (claiming) is kept, so it is not lost.
    let signalled = false;
    const notify = () => {
      const s = signal;
      signal = null;
      if (s) s();
      else signalled = true;
    };
    this.wakers.set(channel, notify);
    const waitForSignal = (ms: number) => {
      if (signalled) {
        signalled = false;
        return Promise.resolve();
      }
      return new Promise<void>((ok) => {
        const timer = setTimeout(() => {
          signal = null;
          ok();
        }, ms);
        signal = () => {
          clearTimeout(timer);
          ok();
        };
      });
    };

    while (this.running) {
      const paused = (this.pausedUntil.get(channel) ?? 0) - Date.now();
      if (paused > 0) {
        await waitForSignal(paused);
        continue;
      }
      let claimedNone = false;
      // Keep one claim's worth ahead of the sends, never more than can go out well within the lease.
      if (queue.length < concurrency) {
        const want = Math.min(limit.claimSize(batchSize, leaseMs), concurrency * 4) - queue.length;
        if (want > 0) {
          try {
            const rows = await this.ledger.claim(channel, want, this.options.workerId, leaseMs);
            queue.push(...rows);
            claimedNone = rows.length === 0;
          } catch (error) {
            this.deps.logger.warn({ err: error, channel }, 'could not claim deliveries; retrying');
            await waitForSignal(Math.min(pollMs, 1_000));
            continue;
          }
        }
      }
      while (inFlight < concurrency && queue.length > 0 && this.running) {
        const row = queue.shift()!;
        inFlight++;
        void this.process(row, limit)
          .catch((error) => this.deps.logger.error({ err: error, delivery: row.id }, 'delivery crashed'))
          .finally(() => {
            inFlight--;
            notify();
          });
      }
      // Wait for a free slot, a wake-up or the poll; otherwise claim again at once.
      if (inFlight >= concurrency || claimedNone) await waitForSignal(pollMs);
    }
    // Stopping: rows claimed but not started go back at once, so another process need not wait out the lease.
    while (inFlight > 0) await waitForSignal(50);
    if (queue.length > 0) {
      for (const row of queue) this.outcomes.add({ id: row.id, result: 'retry', delayMs: 0, error: 'released at shutdown' });
    }
    this.wakers.delete(channel);
  }

  private async process(row: ClaimedDelivery, limit: ProviderRateLimit): Promise<void> {
    // The lease may have run out while the row waited (a slow vendor): another worker may own it now.
    if (Date.now() > row.sendBy) {
      this.stats.skippedExpiredLease++;
      return;
    }
    const cancel = this.cancelReason(row);
    if (cancel) return this.settle({ id: row.id, result: 'cancelled', error: cancel });
    try {
      const receipt = await this.send(row, limit);
      if ('cancel' in receipt) return this.settle({ id: row.id, result: 'cancelled', error: receipt.cancel });
      this.settle({ id: row.id, result: 'sent', provider: receipt.provider, providerMessageId: receipt.providerMessageId });
    } catch (error) {
      const failure = error instanceof DeliveryFailure ? error : new DeliveryFailure((error as Error)?.message ?? String(error), 'transient', 'sitrep');
      if (failure.retryAfterMs && failure.scope === 'provider' && failure.kind === 'transient') {
        // A 429 speaks for the whole account: hold this channel's pump, not just this row, and every
        // other comms process's sends to the vendor too.
        this.pausedUntil.set(row.channel, Date.now() + failure.retryAfterMs);
        const retryAfterMs = failure.retryAfterMs;
        void limit.pause(retryAfterMs).catch((error: unknown) => this.deps.logger.warn({ err: error, channel: row.channel, retryAfterMs }, 'could not share the vendor\'s pause'));
      }
      if (failure.kind === 'permanent' || row.attempts >= this.options.maxAttempts) {
        const why = failure.kind === 'permanent' ? failure.message : `gave up after ${row.attempts} attempts: ${failure.message}`;
        const givenUp = slackCallGivenUp(row, failure);
        if (givenUp) this.deps.logger.warn(givenUp, 'a Slack call failed for good');
        return this.settle({ id: row.id, result: 'failed', error: why });
      }
      this.settle({ id: row.id, result: 'retry', delayMs: retryDelayMs(row.attempts, failure.retryAfterMs), error: failure.message, inDoubt: failure.ambiguous });
    }
  }

  /** Who must not get this row any more: unsubscribed or erased since it was queued. */
  private cancelReason(row: ClaimedDelivery): string | null {
    if (row.purpose === 'internal') return null;
    if (row.subscriberId === null || row.subscriberDestination === null) return 'subscriber erased';
    if (row.purpose === 'notification' && row.subscriberState !== 'confirmed') return `subscriber ${row.subscriberState}`;
    if (row.purpose === 'confirmation' && row.subscriberState === 'unsubscribed') return 'subscriber unsubscribed';
    return null;
  }

  private async send(row: ClaimedDelivery, limit: ProviderRateLimit): Promise<SendReceipt | { cancel: string }> {
    const now = this.deps.clock.now();
    if (row.purpose === 'internal') {
      const outcome = await this.deps.internal.send(row);
      return 'cancel' in outcome ? outcome : outcome.sent;
    }
    if (row.channel === 'email') {
      const email = this.deps.channels.email!;
      const message = await this.deps.composer.email(row, now);
      return limit.run(() => email.adapter.send(message));
    }
    if (row.channel === 'sms') {
      const sms = this.deps.channels.sms!;
      const message = await this.deps.composer.sms(row);
      // An SMS has no idempotency key: when an earlier attempt may have gone out unrecorded, ask the
      // vendor first, and record that message instead of sending a second text.
      if (row.inDoubt && sms.adapter.findSent) {
        const already = await sms.adapter.findSent(message, row.createdAt);
        if (already) {
          this.stats.foundAlreadySent++;
          return already;
        }
      }
      return limit.run(() => sms.adapter.send(message));
    }
    return { cancel: 'subscribers have no Slack channel' };
  }

  private settle(outcome: DeliveryOutcome): void {
    if (outcome.result === 'sent') this.stats.sent++;
    else if (outcome.result === 'retry') this.stats.retried++;
    else if (outcome.result === 'failed') this.stats.failed++;
    else this.stats.cancelled++;
    this.outcomes.add(outcome);
  }
}
