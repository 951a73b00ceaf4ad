import { deadLetterSubject } from '@sitrep/contracts';
import { EventBus, StoredDeadLetter } from './event-bus';

/** Headers a dead letter carries, so it can be understood and replayed without its consumer. */
export const DEAD_LETTER_HEADERS = {
  consumer: 'Sitrep-Consumer',
  subject: 'Sitrep-Original-Subject',
  reason: 'Sitrep-Reason',
  error: 'Sitrep-Error',
  deliveries: 'Sitrep-Deliveries',
  failedAt: 'Sitrep-Failed-At',
  originalSequence: 'Sitrep-Original-Sequence',
} as const;

export type DeadLetterReason = 'invalid' | 'failed';

export interface DeadLetterView {
  sequence: number;
  consumer: string;
  originalSubject: string;
  reason: DeadLetterReason;
  error: string;
  deliveries: number;
  failedAt: string;
  payload: string;
}

export interface DeadLetterInput {
  consumer: string;
  subject: string;
  data: Uint8Array;
  reason: DeadLetterReason;
  error: string;
  deliveries: number;
  originalSequence: number;
  failedAt: Date;
}

export async function sendToDeadLetters(bus: EventBus, input: DeadLetterInput): Promise<void> {
  const h = DEAD_LETTER_HEADERS;
  await bus.publish(deadLetterSubject(input.consumer), input.data, {
    // One dead letter per consumer and stream position, however often this is retried.
    msgId: `dlq:${input.consumer}:${input.subject}:${input.originalSequence}:${input.deliveries}`,
    headers: {
      [h.consumer]: input.consumer,
      [h.subject]: input.subject,
      [h.reason]: input.reason,
      // NATS headers are single-line.
      [h.error]: input.error.replace(/[\r\n]+/g, ' ').slice(0, 1000),
      [h.deliveries]: String(input.deliveries),
      [h.failedAt]: input.failedAt.toISOString(),
      [h.originalSequence]: String(input.originalSequence),
    },
  });
}

function view(stored: StoredDeadLetter): DeadLetterView {
  const h = DEAD_LETTER_HEADERS;
  return {
    sequence: stored.sequence,
    consumer: stored.headers[h.consumer] ?? 'unknown',
    originalSubject: stored.headers[h.subject] ?? 'unknown',
    reason: (stored.headers[h.reason] as DeadLetterReason) ?? 'failed',
    error: stored.headers[h.error] ?? '',
    deliveries: Number(stored.headers[h.deliveries] ?? 0),
    failedAt: stored.headers[h.failedAt] ?? '',
    payload: Buffer.from(stored.data).toString('utf8'),
  };
}

export async function listDeadLetters(bus: EventBus, limit = 100): Promise<DeadLetterView[]> {
  return (await bus.readDeadLetters(limit)).map(view);
}

/**
 * Puts a dead letter back on its original subject under a fresh message id (the original id may still
 * be inside the broker's duplicate window), then removes it from the dead letters. Consumers that had
 * already handled the event skip it through their inbox.
 */
export async function replayDeadLetter(bus: EventBus, sequence: number): Promise<DeadLetterView | null> {
  const found = (await bus.readDeadLetters(10_000)).find((d) => d.sequence === sequence);
  if (!found) return null;
  const letter = view(found);
  await bus.publish(letter.originalSubject, found.data, { msgId: `replay:${letter.consumer}:${sequence}` });
  await bus.deleteDeadLetter(sequence);
  return letter;
}
