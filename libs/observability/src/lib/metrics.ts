import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics, register as defaultRegistry } from 'prom-client';

let defaultMetricsStarted = false;

/**
 * The metrics one app exposes at /metrics. In embedded mode three apps share a process, so each has its
 * own registry (labelled with the app) and the process-level default metrics are collected once.
 */
export class AppMetrics {
  readonly registry: Registry;
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly httpDuration: Histogram<'method' | 'route'>;
  readonly eventsPublished: Counter<'subject'>;
  readonly eventsHandled: Counter<'consumer' | 'outcome'>;
  readonly redeliveries: Counter<'consumer'>;
  readonly deadLetters: Counter<'consumer' | 'reason'>;
  readonly outboxBacklog: Gauge;
  readonly consumerLag: Gauge<'consumer'>;

  private backlogSource?: () => Promise<number>;
  private readonly lagSources = new Map<string, () => Promise<number>>();

  /** Where the outbox backlog gauge reads from at scrape time. */
  measureOutboxBacklog(source: () => Promise<number>): void {
    this.backlogSource = source;
  }

  /** Where a consumer's lag gauge reads from at scrape time. */
  measureConsumerLag(consumer: string, source: () => Promise<number>): void {
    this.lagSources.set(consumer, source);
  }

  constructor(readonly app: string) {
    if (!defaultMetricsStarted) {
      collectDefaultMetrics({ register: defaultRegistry });
      defaultMetricsStarted = true;
    }
    this.registry = new Registry();
    this.registry.setDefaultLabels({ app });
    const registers = [this.registry];
    this.httpRequests = new Counter({ name: 'sitrep_http_requests_total', help: 'HTTP requests served', labelNames: ['method', 'route', 'status'], registers });
    this.httpDuration = new Histogram({
      name: 'sitrep_http_request_duration_seconds',
      help: 'HTTP request duration',
      labelNames: ['method', 'route'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
    this.eventsPublished = new Counter({ name: 'sitrep_events_published_total', help: 'Events the outbox relay published', labelNames: ['subject'], registers });
    this.eventsHandled = new Counter({ name: 'sitrep_events_handled_total', help: 'Events handled by consumers', labelNames: ['consumer', 'outcome'], registers });
    this.redeliveries = new Counter({ name: 'sitrep_consumer_redeliveries_total', help: 'Deliveries after the first', labelNames: ['consumer'], registers });
    this.deadLetters = new Counter({ name: 'sitrep_dead_letters_total', help: 'Messages moved to the dead-letter subject', labelNames: ['consumer', 'reason'], registers });
    const backlogSource = () => this.backlogSource;
    this.outboxBacklog = new Gauge({
      name: 'sitrep_outbox_backlog',
      help: 'Outbox rows not yet published',
      registers,
      async collect() {
        const source = backlogSource();
        if (source) this.set(await source().catch(() => -1));
      },
    });
    const lagSources = this.lagSources;
    this.consumerLag = new Gauge({
      name: 'sitrep_consumer_lag',
      help: 'Messages waiting for a consumer',
      labelNames: ['consumer'],
      registers,
      async collect() {
        for (const [consumer, source] of lagSources) this.set({ consumer }, await source().catch(() => -1));
      },
    });
  }

  async render(): Promise<{ contentType: string; body: string }> {
    // Concatenated rather than merged: Registry.merge would drop this registry's app label.
    const [own, process] = await Promise.all([this.registry.metrics(), defaultRegistry.metrics()]);
    return { contentType: this.registry.contentType, body: `${own}\n${process}` };
  }
}
