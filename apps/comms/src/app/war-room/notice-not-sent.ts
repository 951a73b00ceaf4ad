import type { EntityManager } from 'typeorm';
import { Actor, createEvent } from '@sitrep/contracts';
import { appendToOutbox } from '@sitrep/messaging';
import { COMMS_SCHEMA } from '../comms-schema';
import type { NoticeKind } from '../delivery/delivery-ledger';

const COMMS_ACTOR: Actor = { kind: 'system', id: 'comms' };

/**
 * Records, in the handler's transaction, that a notice about the incident went to nobody and why: incident-core's
 * timeline shows it (war_room.notice_not_sent), so "nobody was told" is a fact on record, not a silence.
 */
export async function recordNoticeNotSent(manager: EntityManager, n: { incidentId: string; sourceEventId: string; notice: NoticeKind; reason: string; at: Date }): Promise<void> {
  await appendToOutbox(
    manager,
    COMMS_SCHEMA,
    createEvent('war_room.notice_not_sent', { sourceEventId: n.sourceEventId, notice: n.notice, reason: n.reason, at: n.at.toISOString() }, { actor: COMMS_ACTOR, incidentId: n.incidentId, occurredAt: n.at }),
  );
}
