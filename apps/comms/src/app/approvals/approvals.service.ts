import { COMMS_SCHEMA } from '../comms-schema';
import { ConflictException, ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Principal } from '@sitrep/auth';
import { CLOCK, Clock } from '@sitrep/clock';
import { createEvent } from '@sitrep/contracts';
import { actorOf } from '../access/principal';
import { CommunicationContent, CommunicationEntity, contentOf } from '../communications/communication.entity';
import { CommunicationView } from '../communications/communication-view';
import { ApproveBody, RejectBody } from '../communications/communications.schemas';
import { CommunicationsService, componentsOrBadRequest } from '../communications/communications.service';
import { KnownIncidentEntity } from '../incidents/known-incident.entity';
import { CommsOutbox } from '../outbox/comms-outbox';
import { MessageRenderer } from '../templates/message-renderer';
import { alreadyDecided, decisionRefusal } from './approval-rules';

const conflict = (message: string) => new ConflictException({ statusCode: 409, error: 'Conflict', message });
const forbidden = (message: string) => new ForbiddenException({ statusCode: 403, error: 'Forbidden', message });

/**
 * The comms lead's decisions. Approval is publication: the draft is marked approved and published and
 * `communication.published` is appended to comms' outbox in one transaction, so customers are told if
 * and only if the approval is recorded.
 */
@Injectable()
export class ApprovalsService {
  constructor(
    private readonly outbox: CommsOutbox,
    private readonly communications: CommunicationsService,
    private readonly renderer: MessageRenderer,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async approve(id: string, edits: ApproveBody, principal: Principal): Promise<CommunicationView> {
    await this.outbox.run(async (manager, record) => {
      const row = await this.pendingForDecision(manager, id, principal);
      const before = contentOf(row);
      const after: CommunicationContent = {
        title: edits.title ?? before.title,
        status: edits.status ?? before.status,
        impact: edits.impact ?? before.impact,
        body: edits.body ?? before.body,
        components: edits.components ? await componentsOrBadRequest(manager, edits.components) : before.components,
        channels: edits.channels ?? before.channels,
      };
      const edited = JSON.stringify(after) !== JSON.stringify(before);
      const now = this.clock.now();
      const actor = actorOf(principal);
      const incident = await manager.getRepository(KnownIncidentEntity).findOneBy({ id: row.incidentId });
      const event = createEvent(
        'communication.published',
        {
          communicationId: row.id,
          kind: row.kind,
          publishedAt: now.toISOString(),
          subject: row.subject,
          title: after.title,
          status: after.status,
          impact: after.impact,
          // The status page shows this body: exactly the status-page preview the comms lead approved.
          body: this.renderer.statusPageBody({ kind: row.kind, ...after, incident: incident ? { reference: incident.reference, severity: incident.severity } : null }),
          components: after.components,
          channels: after.channels,
          scheduledFor: row.scheduledFor?.toISOString() ?? null,
          scheduledUntil: row.scheduledUntil?.toISOString() ?? null,
        },
        { actor, incidentId: row.incidentId, occurredAt: now },
      );
      await manager.getRepository(CommunicationEntity).update(row.id, {
        ...after,
        state: 'approved',
        decidedBy: actor,
        decidedAt: now,
        edited,
        original: edited ? before : null,
        publishedAt: now,
        publishedEventId: event.id,
      });
      await record(event);
    });
    return this.communications.get(id);
  }

  async reject(id: string, body: RejectBody, principal: Principal): Promise<CommunicationView> {
    await this.outbox.run(async (manager) => {
      const row = await this.pendingForDecision(manager, id, principal);
      await manager.getRepository(CommunicationEntity).update(row.id, { state: 'rejected', decidedBy: actorOf(principal), decidedAt: this.clock.now(), rejectionReason: body.reason });
    });
    return this.communications.get(id);
  }

  /** Locks the draft so two approvers cannot both publish it; refuses who may not decide, then what is not pending. */
  private async pendingForDecision(manager: EntityManager, id: string, principal: Principal): Promise<CommunicationEntity> {
    const row = await manager.getRepository(CommunicationEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!row) throw new NotFoundException({ statusCode: 404, error: 'Not Found', message: `no communication with id ${id}` });
    const incident = await manager.getRepository(KnownIncidentEntity).findOneBy({ id: row.incidentId });
    const [lead]: { name: string }[] = incident?.commsLeadId ? await manager.query(`SELECT name FROM ${COMMS_SCHEMA}.people WHERE id = $1`, [incident.commsLeadId]) : [];
    const refusal = decisionRefusal(principal, incident, lead?.name ?? null);
    if (refusal) throw forbidden(refusal);
    if (row.state !== 'pending') throw conflict(alreadyDecided(row));
    return row;
  }
}
