import type { DataSource } from 'typeorm';
import { SitrepEvent, subjectFilters } from '@sitrep/contracts';
import { EventHandler, handleOnce } from '@sitrep/messaging';
import { COMMS_SCHEMA } from '../comms-schema';
import { NewInternalDelivery, enqueueDeliveries } from '../delivery/delivery-ledger';
import { commanderUpdateText } from './executive-summary';
import { recordNoticeNotSent } from './notice-not-sent';
import { AskSponsor, sponsorOf } from './sponsor-of';
import { noSponsorText } from './war-room-texts';

export const EXECUTIVE_UPDATES = 'comms-executive-updates';

/**
 * The commander's own executive update (POST /incidents/:id/executive-updates) goes to the sponsor by
 * email and Slack DM, once: the rows are keyed by the event's id. Their outcome reaches the timeline.
 */
export function executiveUpdateHandler(deps: { dataSource: DataSource; email: boolean; slack: boolean; sponsor: AskSponsor; queued: () => void }): EventHandler {
  return {
    consumer: EXECUTIVE_UPDATES,
    kind: 'durable',
    filter: subjectFilters.incidentEvents,
    types: ['incident.executive_update_sent'],
    async handle(event: SitrepEvent): Promise<void> {
      if (event.type !== 'incident.executive_update_sent' || !event.incidentId) return;
      const incidentId = event.incidentId;
      await handleOnce(deps.dataSource, COMMS_SCHEMA, EXECUTIVE_UPDATES, event.id, async (manager) => {
        const [incident]: { reference: string; title: string }[] = await manager.query(
          `SELECT reference, title FROM ${COMMS_SCHEMA}.war_rooms WHERE incident_id = $1
           UNION ALL SELECT reference, title FROM ${COMMS_SCHEMA}.known_incidents WHERE id = $1`,
          [incidentId],
        );
        const sponsorId = await sponsorOf(manager, incidentId, deps.sponsor);
        if (!sponsorId) {
          await recordNoticeNotSent(manager, { incidentId, sourceEventId: event.id, notice: 'executive update', reason: noSponsorText('update'), at: new Date(event.occurredAt) });
          return;
        }
        const sponsor = { person_id: sponsorId };
        const [author]: { name: string }[] = event.actor.kind === 'person' ? await manager.query(`SELECT name FROM ${COMMS_SCHEMA}.people WHERE id = $1`, [event.actor.id]) : [];
        const { subject, text } = commanderUpdateText({ reference: incident?.reference ?? 'the incident', title: incident?.title ?? '', author: author?.name ?? null, summary: event.data.summary });
        const about = { incidentId, notice: 'executive update' as const };
        const notices: NewInternalDelivery[] = [];
        if (deps.email) notices.push({ channel: 'email', purpose: 'internal', payload: { kind: 'email_notice', personId: sponsor.person_id, subject, text }, dedupeKey: `${event.id}:email`, ...about });
        if (deps.slack) notices.push({ channel: 'slack', purpose: 'internal', payload: { kind: 'slack_post', target: { person: sponsor.person_id }, text: `*${subject}*\n${text}` }, dedupeKey: `${event.id}:slack`, ...about });
        await enqueueDeliveries(manager, notices);
      });
      deps.queued();
    },
  };
}
