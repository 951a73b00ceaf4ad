import type { DataSource } from 'typeorm';
import { EVENTS_SUBJECT_ROOT, SitrepEvent } from '@sitrep/contracts';
import { EventHandler, handleOnce } from '@sitrep/messaging';
import { COMMS_SCHEMA } from '../comms-schema';
import { enqueueDeliveries } from '../delivery/delivery-ledger';

export const REVIEW_INVITATIONS = 'comms-review-invitations';

/**
 * The blameless review of a post-mortem: each attendee (commander, leads, implementers) gets the
 * invitation by email with its iCalendar event, one delivery row per person, so a redelivered event
 * or a crash never invites anyone twice.
 */
export function reviewInvitationHandler(deps: { dataSource: DataSource; email: boolean; queued: () => void }): EventHandler {
  return {
    consumer: REVIEW_INVITATIONS,
    kind: 'durable',
    filter: `${EVENTS_SUBJECT_ROOT}.postmortem.>`,
    types: ['postmortem.draft_created'],
    async handle(event: SitrepEvent): Promise<void> {
      if (event.type !== 'postmortem.draft_created' || !deps.email) return;
      const { attendeePersonIds, ics, summary, reviewSlot } = event.data;
      const text = [
        `You are invited to the blameless post-mortem review: ${summary}.`,
        `Proposed for ${reviewSlot.start.slice(0, 16).replace('T', ' ')} UTC; the calendar invitation is attached.`,
      ].join('\n\n');
      await handleOnce(deps.dataSource, COMMS_SCHEMA, REVIEW_INVITATIONS, event.id, async (manager) => {
        await enqueueDeliveries(
          manager,
          attendeePersonIds.map((personId) => ({
            channel: 'email' as const,
            purpose: 'internal' as const,
            payload: { kind: 'email_notice' as const, personId, subject: summary, text, ics },
            dedupeKey: `${event.id}:${personId}`,
            incidentId: event.data.incidentId,
            notice: 'review invitation' as const,
          })),
        );
      });
      deps.queued();
    },
  };
}
