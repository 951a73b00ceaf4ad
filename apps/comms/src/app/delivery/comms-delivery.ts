import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { Counter } from 'prom-client';
import type { Clock } from '@sitrep/clock';
import type { CommsAppConfig } from '../../config/comms-config';
import { EventHandler, OutboxSignal, TransactionalOutbox } from '@sitrep/messaging';
import type { AppMetrics } from '@sitrep/observability';
import { ChannelRegistry } from '../channels/channel-registry';
import { PostgresSendPace } from '../channels/send-pace';
import { COMMS_SCHEMA } from '../comms-schema';
import { devInboxAccess } from '../dev-inbox/dev-inbox-policy';
import { DeliveryModule } from '../delivery.module';
import { DevInbox } from '../dev-inbox/dev-inbox';
import { loadSigningSecret } from '../subscribers/signing-secret';
import { TokenSigner } from '../subscribers/signed-token';
import { SubscribersService } from '../subscribers/subscribers.service';
import { MessageRenderer } from '../templates/message-renderer';
import { InternalNoticeSender } from '../war-room/internal-notice-sender';
import { peopleHandler } from '../war-room/people.handler';
import { reviewInvitationHandler } from '../war-room/review-invitation.handler';
import { executiveSummaryHandler } from '../war-room/executive-summary.handler';
import { executiveUpdateHandler } from '../war-room/executive-update.handler';
import { sponsorFromIncidentCore } from '../war-room/sponsor-of';
import type { CommandClient } from '../slack-app/command-client';
import { actionItemReminderHandler } from '../war-room/action-item-reminder.handler';
import { supportBriefingHandler } from '../war-room/support-briefing.handler';
import { CannedResponses } from '../templates/canned-responses';
import { WarRoomOpener } from '../war-room/war-room-opener';
import { remindersHandler, warRoomHandler } from '../war-room/war-room.handler';
import { DeliverySummaryReporter } from './delivery-summary';
import { NoticeOutcomeReporter } from './notice-outcome-reporter';
import { DeliveryLedger } from './delivery-ledger';
import { CommunicationDeliveries, DeliveryRuntimeView } from './delivery-runtime-view';
import { DeliveryWorker } from './delivery-worker';
import { FanoutPlanner } from './fanout-planner';
import { fanoutHandler } from './fanout.handler';
import { NotificationComposer } from './notification-composer';
import { WorkLoop } from './work-loop';

export interface CommsDeliveryOptions {
  dataSource: DataSource;
  config: CommsAppConfig;
  clock: Clock;
  logger: Logger;
  metrics: AppMetrics;
  renderer: MessageRenderer;
  /** Wakes comms' outbox relay after a delivery summary commits. */
  outboxSignal: OutboxSignal;
  /** incident-core's queries: who holds a role when comms has not heard (see sponsor-of). */
  incidentCore: Pick<CommandClient, 'query'>;
}

/**
 * comms' delivery side, assembled from configuration: channel adapters, subscribers, the fan-out planner,
 * the delivery workers, delivery summaries, war rooms and the dev inbox. start-comms registers its event
 * handlers and its Nest module, starts it after the HTTP server listens, and stops it before the database.
 */
export class CommsDelivery implements DeliveryRuntimeView {
  readonly channels: ChannelRegistry;
  readonly subscribers: SubscribersService;
  readonly devInbox: DevInbox;
  readonly publicUrl: string;
  readonly pageName: string;
  readonly twilioAuthToken: string | null;
  readonly worker: DeliveryWorker;
  private readonly ledger: DeliveryLedger;
  private readonly planner: WorkLoop;
  private readonly summaries: WorkLoop;
  private readonly warRooms: WorkLoop | null;

  private constructor(
    private readonly options: CommsDeliveryOptions,
    secret: string,
  ) {
    const { dataSource, config, clock, logger, metrics } = options;
    const comms = config.comms;
    this.publicUrl = config.commsPublicUrl;
    this.pageName = config.statusPageName;
    this.twilioAuthToken = comms.twilio?.authToken ?? null;
    this.channels = new ChannelRegistry(comms, new PostgresSendPace(dataSource), logger.child({ component: 'slack' }));
    this.devInbox = new DevInbox(comms.devInboxSources);
    this.ledger = new DeliveryLedger(dataSource);
    const signer = new TokenSigner(secret);
    const composer = new NotificationComposer(dataSource, options.renderer, signer, {
      pageName: config.statusPageName,
      publicUrl: this.publicUrl,
      smsStatusCallbackUrl: comms.twilio ? `${this.publicUrl}/api/v1/webhooks/twilio/status` : null,
    });
    const outcomes = new Counter({ name: 'sitrep_deliveries_total', help: 'Delivery outcomes by channel', labelNames: ['outcome'], registers: [metrics.registry] });
    this.worker = new DeliveryWorker(
      {
        dataSource,
        channels: this.channels,
        composer,
        internal: new InternalNoticeSender(dataSource, this.channels, comms.consoleUrl),
        clock,
        logger: logger.child({ component: 'delivery-worker' }),
        onRecorded: (batch) => {
          for (const o of batch) outcomes.inc({ outcome: o.result });
        },
      },
      {
        // Unique per process start: rows a previous incarnation claimed are never mistaken for ours.
        workerId: `${config.instanceId}:${randomBytes(4).toString('hex')}`,
        concurrency: comms.delivery.concurrency,
        batchSize: comms.delivery.batchSize,
        leaseMs: comms.delivery.leaseMs,
        maxAttempts: comms.delivery.maxAttempts,
        pollMs: comms.delivery.pollMs,
      },
    );
    this.subscribers = new SubscribersService({
      dataSource,
      clock,
      signer,
      codeSecret: secret,
      limits: comms.limits,
      publicUrl: this.publicUrl,
      channels: () => this.channels.subscriberChannels(),
      queued: (channel) => this.worker.wake(channel),
    });
    const planner = new FanoutPlanner(dataSource, logger.child({ component: 'fanout-planner' }), comms.delivery.fanoutPageSize);
    this.planner = new WorkLoop(
      'fan-out planner',
      async () => {
        const page = await planner.expandOnePage();
        if (page && page.inserted > 0) this.worker.wake();
        if (page?.done) this.summaries.wake();
        return page !== null;
      },
      comms.delivery.pollMs,
      logger,
    );
    const reporter = new DeliverySummaryReporter(dataSource, new TransactionalOutbox(dataSource, COMMS_SCHEMA, options.outboxSignal));
    const notices = new NoticeOutcomeReporter(dataSource, new TransactionalOutbox(dataSource, COMMS_SCHEMA, options.outboxSignal), logger.child({ component: 'notice-outcomes' }));
    // Summaries and notice outcomes are checked once a second (and when a fan-out is fully planned), however fast outcomes arrive.
    this.summaries = new WorkLoop('delivery summaries', async () => (await reporter.reportDue(), (await notices.reportDue()) > 0), 1_000, logger);
    const slack = this.channels.slack;
    this.warRooms = slack
      ? new WorkLoop('war rooms', () => new WarRoomOpener(dataSource, slack.workspace, slack.limit, logger.child({ component: 'war-rooms' }), () => this.worker.wake('slack')).openOne(), comms.delivery.pollMs, logger)
      : null;
  }

  static async create(options: CommsDeliveryOptions): Promise<CommsDelivery> {
    const { secret, source } = await loadSigningSecret(options.dataSource, options.config.comms.signingSecret);
    options.logger.info({ source, channels: ['email', 'sms', 'slack'].filter((c) => options.config.comms[c === 'email' ? 'email' : c === 'sms' ? 'twilio' : 'slack']) }, 'delivery configured');
    return new CommsDelivery(options, secret);
  }

  /** The event consumers of the delivery side. */
  handlers(): EventHandler[] {
    const { dataSource } = this.options;
    const queued = () => {
      this.warRooms?.wake();
      this.worker.wake();
    };
    const sponsor = sponsorFromIncidentCore(this.options.incidentCore);
    const warRoomDeps = { dataSource, slack: this.channels.slack !== null, sms: this.channels.sms !== null, email: this.channels.email !== null, queued };
    return [
      fanoutHandler({ dataSource, subscriberChannels: () => this.channels.subscriberChannels(), slackEnabled: this.channels.slack !== null, planned: () => this.planner.wake() }),
      warRoomHandler(warRoomDeps),
      remindersHandler(warRoomDeps),
      peopleHandler(dataSource),
      reviewInvitationHandler({ dataSource, email: this.channels.email !== null, queued }),
      actionItemReminderHandler({ dataSource, email: this.channels.email !== null, slack: this.channels.slack !== null, queued }),
      // Both may wait on incident-core's answer (sponsorOf): their retries outlast its restart.
      { ...executiveUpdateHandler({ dataSource, email: this.channels.email !== null, slack: this.channels.slack !== null, sponsor, queued }), retry: this.options.config.comms.incidentCoreRetry },
      { ...executiveSummaryHandler({ dataSource, clock: this.options.clock, email: this.channels.email !== null, slack: this.channels.slack !== null, sponsor, queued }), retry: this.options.config.comms.incidentCoreRetry },
      supportBriefingHandler({
        dataSource,
        canned: new CannedResponses(),
        channel: this.channels.slack ? this.options.config.comms.supportChannel : null,
        statusPageUrl: this.options.config.publicUrl ?? `http://localhost:${this.options.config.ports.statusPage}`,
        queued,
      }),
    ];
  }

  module() {
    return DeliveryModule.create({ runtime: this, devInbox: devInboxAccess(this.options.config.mode, this.options.config.comms) });
  }

  start(): void {
    this.worker.start();
    this.planner.start();
    this.summaries.start();
    this.warRooms?.start();
  }

  async stop(): Promise<void> {
    await this.planner.stop();
    await this.warRooms?.stop();
    await this.worker.stop();
    await this.summaries.stop();
    await this.channels.close();
  }

  async recordProviderStatus(providerMessageId: string, status: string, errorCode: string | null): Promise<void> {
    await this.options.dataSource.query(
      `UPDATE ${COMMS_SCHEMA}.deliveries SET provider_status = $2, last_error = CASE WHEN $3::text IS NULL THEN last_error ELSE 'provider error ' || $3 END
       WHERE provider_message_id = $1`,
      [providerMessageId, status, errorCode],
    );
  }

  async progress(communicationId: string): Promise<CommunicationDeliveries | null> {
    const fanouts: { channels: string[]; expanded_at: Date | null; completed_at: Date | null }[] = await this.options.dataSource.query(
      `SELECT channels, expanded_at, completed_at FROM ${COMMS_SCHEMA}.fanouts WHERE communication_id = $1`,
      [communicationId],
    );
    if (fanouts.length === 0) return null;
    const counts = await this.ledger.progress(communicationId);
    const channels: CommunicationDeliveries['channels'] = {};
    const total = { sent: 0, pending: 0, failed: 0, cancelled: 0 };
    for (const channel of fanouts[0].channels) {
      const c = counts[channel] ?? { sent: 0, pending: 0, failed: 0, cancelled: 0 };
      channels[channel] = c;
      total.sent += c.sent;
      total.pending += c.pending;
      total.failed += c.failed;
      total.cancelled += c.cancelled;
    }
    const planned = fanouts[0].expanded_at !== null;
    return { communicationId, planned, complete: planned && total.pending === 0, channels, total };
  }
}
