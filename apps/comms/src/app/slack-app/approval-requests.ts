import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { COMMS_SCHEMA } from '../comms-schema';
import { CommunicationsService } from '../communications/communications.service';
import { enqueueDeliveries } from '../delivery/delivery-ledger';
import { approvalRequest } from './slack-blocks';

export const APPROVAL_REQUESTS_OPTIONS = Symbol('APPROVAL_REQUESTS_OPTIONS');

export interface ApprovalRequestsOptions {
  dataSource: DataSource;
  /** Slack is on: there is someone to send the requests to. */
  enabled: boolean;
  pollMs: number;
  logger: Logger;
  /** Rows were queued: wake the Slack pump. */
  queued: () => void;
}

/**
 * Each draft waiting for approval goes to its incident's comms lead by direct message, with its previews
 * and Approve / Edit / Reject. Looked for on a short poll rather than hooked into every place a draft is
 * made (auto-drafts on events, drafts by people, post-mortems): a draft made before anyone was comms lead
 * is sent as soon as someone is. One message per draft and comms lead, by its dedupe key.
 */
@Injectable()
export class ApprovalRequests implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    @Inject(APPROVAL_REQUESTS_OPTIONS) private readonly options: ApprovalRequestsOptions,
    private readonly communications: CommunicationsService,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.options.enabled) return;
    const tick = () => {
      this.running = this.queueDue()
        .then(() => undefined)
        .catch((error) => this.options.logger.warn({ err: error }, 'could not queue approval requests'))
        .finally(() => {
          this.running = null;
          if (this.timer !== null) this.timer = setTimeout(tick, this.options.pollMs);
        });
    };
    this.timer = setTimeout(tick, this.options.pollMs);
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Queues a DM for every pending draft whose comms lead has not had one. Returns how many. */
  async queueDue(): Promise<number> {
    const due: { id: string; comms_lead_id: string; reference: string; incident_id: string }[] = await this.options.dataSource.query(
      `SELECT c.id, i.comms_lead_id, i.reference, i.id AS incident_id FROM ${COMMS_SCHEMA}.communications c JOIN ${COMMS_SCHEMA}.known_incidents i ON i.id = c.incident_id
       WHERE c.state = 'pending' AND i.comms_lead_id IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM ${COMMS_SCHEMA}.deliveries d WHERE d.dedupe_key = 'approval:' || c.id || ':' || i.comms_lead_id)
       ORDER BY c.created_at LIMIT 50`,
    );
    for (const row of due) {
      const draft = await this.communications.get(row.id);
      const message = approvalRequest(draft, row.reference);
      await enqueueDeliveries(this.options.dataSource, [
        { channel: 'slack', purpose: 'internal', payload: { kind: 'slack_post', target: { person: row.comms_lead_id }, text: message.text, blocks: message.blocks }, dedupeKey: `approval:${row.id}:${row.comms_lead_id}`, incidentId: row.incident_id, notice: 'approval request' },
      ]);
    }
    if (due.length > 0) this.options.queued();
    return due.length;
  }
}
