import type { Logger } from 'pino';
import { EventType, SitrepEvent, decodeEvent } from '@sitrep/contracts';
import type { AppMetrics } from '@sitrep/observability';
import { BusMessage, Disposition, EventBus, Subscription } from './event-bus';
import { sendToDeadLetters } from './dead-letters';

export interface EventHandler {
  /** The consumer's name: durable name on the broker, key in the inbox, label in metrics. */
  consumer: string;
  kind: 'durable' | 'replay';
  filter: string;
  /** Types this handler acts on; other valid events on the filter are acknowledged and skipped. */
  types: readonly EventType[];
  /** Replay only: read the stream after this sequence (see SubscriptionSpec.startAfterSequence). */
  startAfterSequence?: number;
  handle(event: SitrepEvent): Promise<void>;
  /**
   * Called with each message's stream sequence once it is done with (handled, skipped or dead-lettered),
   * so a replay consumer knows the position its model stands at.
   */
  passed?(sequence: number): void;
  /**
   * This consumer's own retries, in place of the app's (ConsumerDeps.retry): for a handler that waits on
   * something slower to come back than the default policy allows for, such as another app's restart.
   */
  retry?: RetryPolicy;
}

export interface RetryPolicy {
  maxDeliveries: number;
  /** Delay before the n-th redelivery; the last value repeats. */
  backoffMs: readonly number[];
}

export const defaultRetryPolicy: RetryPolicy = { maxDeliveries: 5, backoffMs: [200, 1_000, 5_000, 15_000] };

/** Where retry delays come from, as a plain function tests can call. */
export function retryDelay(policy: RetryPolicy, deliveryCount: number): number {
  const index = Math.min(deliveryCount - 1, policy.backoffMs.length - 1);
  return policy.backoffMs[Math.max(index, 0)];
}

/** How long a policy keeps a failing message before its dead letter: the delays between its deliveries. */
export function retryWindowMs(policy: RetryPolicy): number {
  let total = 0;
  for (let delivery = 1; delivery < policy.maxDeliveries; delivery++) total += retryDelay(policy, delivery);
  return total;
}

export interface ConsumerDeps {
  bus: EventBus;
  logger: Logger;
  metrics: AppMetrics;
  retry: RetryPolicy;
  now?: () => Date;
}

/**
 * Wraps a domain handler with what every consumer needs: validation against the contracts, retries
 * with backoff, and the dead-letter subject for messages that are invalid or keep failing.
 */
export async function startConsumer(handler: EventHandler, deps: ConsumerDeps): Promise<Subscription> {
  const { bus, logger, metrics } = deps;
  const retry = handler.retry ?? deps.retry;
  const now = deps.now ?? (() => new Date());
  const log = logger.child({ consumer: handler.consumer });

  const deadLetter = async (message: BusMessage, reason: 'invalid' | 'failed', error: string): Promise<Disposition> => {
    // A replay subscription rereads the whole stream on every start, in every replica; letting it file
    // dead letters would file the same ones again each time. The durable consumers own the dead letters.
    if (handler.kind === 'replay') {
      metrics.deadLetters.inc({ consumer: handler.consumer, reason });
      log.error({ subject: message.subject, sequence: message.sequence, reason, error }, 'message skipped by replay consumer');
      return { ack: true };
    }
    await sendToDeadLetters(bus, {
      consumer: handler.consumer,
      subject: message.subject,
      data: message.data,
      reason,
      error,
      deliveries: message.deliveryCount,
      originalSequence: message.sequence,
      failedAt: now(),
    });
    metrics.deadLetters.inc({ consumer: handler.consumer, reason });
    log.error({ subject: message.subject, sequence: message.sequence, reason, error }, 'message moved to dead letters');
    return { ack: true };
  };

  const dispose = async (message: BusMessage): Promise<Disposition> => {
    if (message.deliveryCount > 1) metrics.redeliveries.inc({ consumer: handler.consumer });
    const parsed = decodeEvent(message.data);
    if (!parsed.ok) return deadLetter(message, 'invalid', parsed.error);
    const event = parsed.event;
    if (!handler.types.includes(event.type)) return { ack: true };
    try {
      await handler.handle(event);
      metrics.eventsHandled.inc({ consumer: handler.consumer, outcome: 'handled' });
      log.debug({ eventId: event.id, eventType: event.type, incidentId: event.incidentId }, 'event handled');
      return { ack: true };
    } catch (error) {
      const text = (error as Error)?.message ?? String(error);
      log.warn({ eventId: event.id, eventType: event.type, incidentId: event.incidentId, deliveries: message.deliveryCount, err: error }, 'event handler failed');
      if (message.deliveryCount >= retry.maxDeliveries) return deadLetter(message, 'failed', text);
      return { retryInMs: retryDelay(retry, message.deliveryCount) };
    }
  };

  return bus.subscribe({
    kind: handler.kind,
    name: handler.consumer,
    filter: handler.filter,
    startAfterSequence: handler.startAfterSequence,
    handle: async (message) => {
      const outcome = await dispose(message);
      if ('ack' in outcome) handler.passed?.(message.sequence);
      return outcome;
    },
  });
}
