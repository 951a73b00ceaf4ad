import {
  AckPolicy,
  ConsumerMessages,
  DeliverPolicy,
  ErrorCode,
  JetStreamClient,
  JetStreamManager,
  JsMsg,
  Msg,
  MsgHdrs,
  NatsConnection,
  NatsError,
  RetentionPolicy,
  StorageType,
  connect,
  headers as natsHeaders,
  nanos,
} from 'nats';
import type { Logger } from 'pino';
import { DEAD_LETTER_SUBJECT_ROOT, EVENTS_SUBJECT_ROOT } from '@sitrep/contracts';
import { BusMessage, EventBus, PublishOptions, RequestFailedError, Responder, StoredDeadLetter, StreamPosition, Subscription, SubscriptionSpec } from './event-bus';

export interface JetStreamBusOptions {
  servers: string;
  namespace: string;
  replicas: number;
  name: string;
  logger: Logger;
  /** How long JetStream remembers message ids to drop duplicate publishes. */
  duplicateWindowMs?: number;
  ackWaitMs?: number;
}

function toRecord(h: MsgHdrs | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!h) return out;
  for (const key of h.keys()) out[key] = h.get(key);
  return out;
}

export class JetStreamBus implements EventBus {
  readonly kind = 'jetstream' as const;
  private nc?: NatsConnection;
  private js?: JetStreamClient;
  private jsm?: JetStreamManager;
  private readonly open = new Set<ConsumerMessages>();
  private readonly responders = new Set<Responder>();
  private readonly eventsStream: string;
  private readonly deadLetterStream: string;

  constructor(private readonly options: JetStreamBusOptions) {
    const prefix = options.namespace.toUpperCase().replace(/[^A-Z0-9]/g, '_');
    this.eventsStream = `${prefix}_EVENTS`;
    this.deadLetterStream = `${prefix}_DEAD_LETTERS`;
  }

  private subject(relative: string): string {
    return `${this.options.namespace}.${relative}`;
  }

  private relative(subject: string): string {
    return subject.slice(this.options.namespace.length + 1);
  }

  async start(): Promise<void> {
    this.nc = await connect({
      servers: this.options.servers.split(','),
      name: this.options.name,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 250,
      waitOnFirstConnect: true,
    });
    this.jsm = await this.nc.jetstreamManager();
    this.js = this.nc.jetstream();
    await this.ensureStream(this.eventsStream, EVENTS_SUBJECT_ROOT);
    await this.ensureStream(this.deadLetterStream, DEAD_LETTER_SUBJECT_ROOT);
    void this.watchStatus();
  }

  private async watchStatus(): Promise<void> {
    if (!this.nc) return;
    for await (const status of this.nc.status()) {
      this.options.logger.info({ natsStatus: status.type, data: String(status.data) }, 'nats connection status');
    }
  }

  private async ensureStream(name: string, root: string): Promise<void> {
    const jsm = this.jsm!;
    const config = {
      name,
      subjects: [`${this.options.namespace}.${root}.>`],
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      num_replicas: this.options.replicas,
      duplicate_window: nanos(this.options.duplicateWindowMs ?? 120_000),
    };
    try {
      await jsm.streams.info(name);
    } catch {
      try {
        await jsm.streams.add(config);
      } catch (error) {
        // Another replica created it between our look and our add.
        await jsm.streams.info(name).catch(() => {
          throw error;
        });
      }
    }
  }

  async publish(subject: string, data: Uint8Array, options: PublishOptions): Promise<void> {
    const h = natsHeaders();
    for (const [key, value] of Object.entries(options.headers ?? {})) h.set(key, value);
    await this.js!.publish(this.subject(subject), data, { msgID: options.msgId, headers: h, timeout: 5_000 });
  }

  private streamFor(relativeFilter: string): string {
    return relativeFilter.startsWith(`${DEAD_LETTER_SUBJECT_ROOT}.`) ? this.deadLetterStream : this.eventsStream;
  }

  async subscribe(spec: SubscriptionSpec): Promise<Subscription> {
    const stream = this.streamFor(spec.filter);
    const filter = this.subject(spec.filter);
    const js = this.js!;
    const jsm = this.jsm!;
    const config = {
      durable_name: spec.name,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: filter,
      ack_wait: nanos(this.options.ackWaitMs ?? 30_000),
      max_ack_pending: 1000,
    };
    if (spec.kind === 'replay') {
      // Each replica rebuilds its in-memory model from the first message, or from just after the position
      // its snapshot was taken at: start afresh every time.
      // (nats-server 2.9 cannot run the client's ordered consumers, which filter by subject lists.)
      // The consumer is durable so it survives a broker restart, and is removed once unused for an hour.
      await jsm.consumers.delete(stream, spec.name).catch(() => undefined);
      const from = spec.startAfterSequence ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: spec.startAfterSequence + 1 } : {};
      await jsm.consumers.add(stream, { ...config, ...from, inactive_threshold: nanos(3_600_000) });
    } else {
      try {
        await jsm.consumers.add(stream, config);
      } catch {
        await jsm.consumers.update(stream, spec.name, { filter_subject: filter, ack_wait: config.ack_wait });
      }
    }
    const consumer = await js.consumers.get(stream, spec.name);

    // Readiness is judged from the stream's last sequence at subscribe time and the pending count each
    // message carries.
    const highWater = (await jsm.streams.info(stream)).state.last_seq;
    let markCaughtUp: () => void = () => undefined;
    const caughtUp = new Promise<void>((ok) => (markCaughtUp = ok));
    // Nothing on the stream for this filter (num_pending counts only matching messages): caught up now.
    if (highWater === 0 || (await consumer.info()).num_pending === 0) markCaughtUp();
    let lastPending = 0;

    const messages = await consumer.consume({ max_messages: 256 });
    this.open.add(messages);
    let inHand: Promise<void> = Promise.resolve();
    const loop = (async () => {
      for await (const m of messages) {
        inHand = this.deliver(spec, m);
        await inHand;
        lastPending = m.info.pending;
        if (m.info.pending === 0 || m.seq >= highWater) markCaughtUp();
      }
    })().catch((error) => this.options.logger.error({ err: error, consumer: spec.name }, 'consumer loop stopped'));

    return {
      caughtUp,
      lag: async () => {
        const info = await consumer.info(false).catch(() => null);
        if (!info) return lastPending;
        return info.num_pending + info.num_ack_pending;
      },
      drain: async () => {
        await messages.close();
        this.open.delete(messages);
        await inHand;
        await loop;
      },
    };
  }

  async streamPosition(): Promise<StreamPosition> {
    const info = await this.jsm!.streams.info(this.eventsStream);
    // The creation time is part of the stream's replicated configuration: the same on every node.
    return { streamId: `${this.eventsStream}@${info.created}`, lastSequence: info.state.last_seq };
  }

  private async deliver(spec: SubscriptionSpec, m: JsMsg): Promise<void> {
    const message: BusMessage = {
      subject: this.relative(m.subject),
      data: m.data,
      headers: toRecord(m.headers),
      deliveryCount: m.info.deliveryCount,
      sequence: m.seq,
    };
    try {
      const outcome = await spec.handle(message);
      if ('ack' in outcome) {
        // For durables, wait for the server to record the ack so a restart does not redeliver needlessly.
        if (spec.kind === 'durable') await m.ackAck();
        else m.ack();
      } else m.nak(outcome.retryInMs);
    } catch (error) {
      this.options.logger.error({ err: error, consumer: spec.name }, 'handler threw past the consumer runner');
      m.nak(1_000);
    }
  }

  async request(subject: string, data: Uint8Array, timeoutMs: number): Promise<Uint8Array> {
    try {
      const reply = await this.nc!.request(this.subject(subject), data, { timeout: timeoutMs });
      return reply.data;
    } catch (error) {
      const code = (error as NatsError).code;
      if (code === ErrorCode.NoResponders) throw new RequestFailedError(subject, 'no_responders');
      if (code === ErrorCode.Timeout) throw new RequestFailedError(subject, 'timeout');
      throw error;
    }
  }

  async serve(subject: string, handler: (data: Uint8Array) => Promise<Uint8Array>): Promise<Responder> {
    // A queue group per subject: replicas serving it share the requests, each answered by one of them.
    const sub = this.nc!.subscribe(this.subject(subject), { queue: `serve.${subject}` });
    const inFlight = new Set<Promise<void>>();
    const answer = async (m: Msg) => {
      try {
        m.respond(await handler(m.data));
      } catch (error) {
        // The handler owns its error replies; one that throws leaves the caller to time out, and says why here.
        this.options.logger.error({ err: error, subject }, 'request handler threw');
      }
    };
    const loop = (async () => {
      for await (const m of sub) {
        const work = answer(m);
        inFlight.add(work);
        void work.finally(() => inFlight.delete(work));
      }
    })();
    // Make sure the server knows about the subscription before anyone is told it is served.
    await this.nc!.flush();
    const responder: Responder = {
      stop: async () => {
        this.responders.delete(responder);
        if (!sub.isClosed()) await sub.drain().catch(() => undefined);
        await loop;
        await Promise.all([...inFlight]);
      },
    };
    this.responders.add(responder);
    return responder;
  }

  async readDeadLetters(limit: number): Promise<StoredDeadLetter[]> {
    const info = await this.jsm!.streams.info(this.deadLetterStream);
    const out: StoredDeadLetter[] = [];
    for (let seq = info.state.last_seq; seq >= info.state.first_seq && seq > 0 && out.length < limit; seq--) {
      try {
        const stored = await this.jsm!.streams.getMessage(this.deadLetterStream, { seq });
        out.push({ sequence: stored.seq, subject: this.relative(stored.subject), data: stored.data, headers: toRecord(stored.header) });
      } catch {
        // deleted (replayed) messages leave gaps in the sequence
      }
    }
    return out;
  }

  async deleteDeadLetter(sequence: number): Promise<boolean> {
    return this.jsm!.streams.deleteMessage(this.deadLetterStream, sequence).catch(() => false);
  }

  async healthy(): Promise<boolean> {
    if (!this.nc || this.nc.isClosed()) return false;
    const timeout = new Promise<boolean>((ok) => setTimeout(() => ok(false), 1_000).unref());
    return Promise.race([this.nc.flush().then(() => true), timeout]);
  }

  async close(): Promise<void> {
    for (const r of [...this.responders]) await r.stop();
    for (const m of this.open) await m.close();
    this.open.clear();
    if (this.nc && !this.nc.isClosed()) await this.nc.drain();
  }
}
