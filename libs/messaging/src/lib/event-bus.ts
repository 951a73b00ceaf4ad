/**
 * The publish / durable-consume contract every service codes against. Two implementations keep it:
 * JetStreamBus (distributed mode) and InProcessBus (embedded mode). Subjects passed here are relative
 * (events.incident.declared); the bus prefixes its namespace.
 */
export interface BusMessage {
  subject: string;
  data: Uint8Array;
  headers: Record<string, string>;
  /** 1 on first delivery; more after a nak or an ack timeout. */
  deliveryCount: number;
  /** Position in the stream, for dead-letter references. */
  sequence: number;
}

/** What a handler wants done with a message. */
export type Disposition = { ack: true } | { retryInMs: number };

export interface SubscriptionSpec {
  /**
   * durable: one shared cursor that survives restarts; replicas split the work (comms workers).
   * replay: each instance reads the whole stream from the start into memory (status-page read models).
   */
  kind: 'durable' | 'replay';
  name: string;
  filter: string;
  /**
   * Replay only: begin after this stream sequence instead of at the first message (a status page that
   * loaded a snapshot taken at that position reads only the tail).
   */
  startAfterSequence?: number;
  handle(message: BusMessage): Promise<Disposition>;
}

/** Where the event stream stands: its identity (a recreated stream starts its sequences again) and its last sequence. */
export interface StreamPosition {
  streamId: string;
  lastSequence: number;
}

export interface Subscription {
  /** Resolves when everything in the stream at subscribe time has been handled (replay readiness). */
  caughtUp: Promise<void>;
  /** Messages the server holds that this subscription has not yet acknowledged. */
  lag(): Promise<number>;
  /** Stops taking new messages and waits for the one in hand. */
  drain(): Promise<void>;
}

export interface PublishOptions {
  /** Deduplication key: the bus drops a second publish with the same id. */
  msgId: string;
  headers?: Record<string, string>;
}

export interface StoredDeadLetter {
  sequence: number;
  subject: string;
  data: Uint8Array;
  headers: Record<string, string>;
}

/** A request/reply responder; stop() lets the request in hand finish and takes no more. */
export interface Responder {
  stop(): Promise<void>;
}

export interface EventBus {
  readonly kind: 'jetstream' | 'in-process';
  start(): Promise<void>;
  publish(subject: string, data: Uint8Array, options: PublishOptions): Promise<void>;
  subscribe(spec: SubscriptionSpec): Promise<Subscription>;
  /** The events stream's identity and last sequence, to tell whether a snapshot's position still means anything. */
  streamPosition(): Promise<StreamPosition>;
  /**
   * Core request/reply (not stored, not replayed): sends data to whoever serves the subject and resolves
   * with their answer. Rejects with a RequestFailedError when nobody serves it or no answer comes in time.
   */
  request(subject: string, data: Uint8Array, timeoutMs: number): Promise<Uint8Array>;
  /** Answers requests on a subject. Replicas serving the same subject share the requests (one answers each). */
  serve(subject: string, handler: (data: Uint8Array) => Promise<Uint8Array>): Promise<Responder>;
  readDeadLetters(limit: number): Promise<StoredDeadLetter[]>;
  deleteDeadLetter(sequence: number): Promise<boolean>;
  healthy(): Promise<boolean>;
  close(): Promise<void>;
}

/** Why a request got no answer: nobody serves the subject, or the answer did not come in time. */
export class RequestFailedError extends Error {
  constructor(
    readonly subject: string,
    readonly reason: 'no_responders' | 'timeout',
  ) {
    super(reason === 'no_responders' ? `nobody serves ${subject}` : `no answer on ${subject} in time`);
    this.name = 'RequestFailedError';
  }
}
