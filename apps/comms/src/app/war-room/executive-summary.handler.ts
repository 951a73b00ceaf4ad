import type { DataSource } from 'typeorm';
import type { Clock } from '@sitrep/clock';
import { EVENTS_SUBJECT_ROOT, SitrepEvent } from '@sitrep/contracts';
import { EventHandler, handleOnce } from '@sitrep/messaging';
import { COMMS_SCHEMA } from '../comms-schema';
import { NewInternalDelivery, enqueueDeliveries } from '../delivery/delivery-ledger';
import { executiveSummary } from './executive-summary';
import { recordNoticeNotSent } from './notice-not-sent';
import { AskSponsor, sponsorOf } from './sponsor-of';
import { noSponsorText } from './war-room-texts';

export const EXECUTIVE_SUMMARIES = 'comms-executive-summaries';

/**
 * The seed's "Executive Sponsor: receives hourly updates": one update every interval until resolution.
 * When the commander wrote theirs in the interval, it went to the sponsor (executive-update.handler) and
 * the clock was met; when they did not, the clock is breached at the interval's end and the sponsor gets
 * this summary instead, by email and Slack, generated from the incident's state.
 */
export function executiveSummaryHandler(deps: { dataSource: DataSource; clock: Clock; email: boolean; slack: boolean; sponsor: AskSponsor; queued: () => void }): EventHandler {
  return {
    consumer: EXECUTIVE_SUMMARIES,
    kind: 'durable',
    filter: `${EVENTS_SUBJECT_ROOT}.deadline.>`,
    types: ['deadline.breached'],
    async handle(event: SitrepEvent): Promise<void> {
      if (event.type !== 'deadline.breached' || event.data.deadline.kind !== 'executive_update') return;
      const incidentId = event.data.deadline.incidentId;
      await handleOnce(deps.dataSource, COMMS_SCHEMA, EXECUTIVE_SUMMARIES, event.id, async (manager) => {
        const [incident]: { reference: string; title: string; severity: string; status: string; declared_at: Date }[] = await manager.query(
          `SELECT reference, title, severity, status, declared_at FROM ${COMMS_SCHEMA}.known_incidents WHERE id = $1`,
          [incidentId],
        );
        // Known from incident.declared on another consumer: come back later rather than skip an interval.
        if (!incident) throw new Error(`incident ${incidentId} not known to comms yet`);
        const sponsorId = await sponsorOf(manager, incidentId, deps.sponsor);
        if (!sponsorId) {
          // Nobody to send it to (no on-call executive at declaration, a P2 nobody sponsors): said on the timeline, and done.
          await recordNoticeNotSent(manager, { incidentId, sourceEventId: event.id, notice: 'executive summary', reason: noSponsorText('summary'), at: deps.clock.now() });
          return;
        }
        const sponsor = { person_id: sponsorId };
        const [last]: { status: string; body: string; published_at: Date }[] = await manager.query(
          `SELECT status, body, published_at FROM ${COMMS_SCHEMA}.communications WHERE incident_id = $1 AND state = 'approved' ORDER BY published_at DESC LIMIT 1`,
          [incidentId],
        );
        const { subject, text } = executiveSummary({
          reference: incident.reference,
          title: incident.title,
          severity: incident.severity,
          status: incident.status,
          declaredAt: new Date(incident.declared_at),
          now: deps.clock.now(),
          lastPublished: last ? { status: last.status, body: last.body, publishedAt: new Date(last.published_at) } : null,
        });
        const notices: NewInternalDelivery[] = [];
        const about = { incidentId, notice: 'executive summary' as const };
        if (deps.email) notices.push({ channel: 'email', purpose: 'internal', payload: { kind: 'email_notice', personId: sponsor.person_id, subject, text }, dedupeKey: `${event.id}:email`, ...about });
        if (deps.slack) notices.push({ channel: 'slack', purpose: 'internal', payload: { kind: 'slack_post', target: { person: sponsor.person_id }, text: `*${subject}*\n${text}` }, dedupeKey: `${event.id}:slack`, ...about });
        await enqueueDeliveries(manager, notices);
      });
      deps.queued();
    },
  };
}
