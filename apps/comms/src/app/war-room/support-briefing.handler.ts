import type { DataSource } from 'typeorm';
import { SitrepEvent, subjectFilters } from '@sitrep/contracts';
import { EventHandler, handleOnce } from '@sitrep/messaging';
import { COMMS_SCHEMA } from '../comms-schema';
import { enqueueDeliveries } from '../delivery/delivery-ledger';
import { CannedResponses } from '../templates/canned-responses';

export const SUPPORT_BRIEFINGS = 'comms-support-briefings';

/**
 * The seed's "prepare support team with canned responses": when an incident is declared and each time
 * its status moves, the support channel gets the response to use for tickets about it.
 */
export function supportBriefingHandler(deps: { dataSource: DataSource; canned: CannedResponses; channel: string | null; statusPageUrl: string; queued: () => void }): EventHandler {
  return {
    consumer: SUPPORT_BRIEFINGS,
    kind: 'durable',
    filter: subjectFilters.incidentEvents,
    types: ['incident.declared', 'incident.status_changed'],
    async handle(event: SitrepEvent): Promise<void> {
      if (!deps.channel || !event.incidentId) return;
      if (event.type !== 'incident.declared' && event.type !== 'incident.status_changed') return;
      const incident =
        event.type === 'incident.declared'
          ? { reference: event.data.incident.reference, title: event.data.incident.title, severity: event.data.incident.severity, status: 'investigating' }
          : await (async () => {
              const [row]: { reference: string; title: string; severity: string }[] = await deps.dataSource.query(
                `SELECT reference, title, severity FROM ${COMMS_SCHEMA}.known_incidents WHERE id = $1`,
                [event.incidentId],
              );
              return row ? { ...row, status: event.data.to } : null;
            })();
      if (!incident) throw new Error(`incident ${event.incidentId} not heard of yet`);
      const { current, responses } = deps.canned.forIncident({ reference: incident.reference, subject: incident.title, severity: incident.severity, statusPageUrl: deps.statusPageUrl }, incident.status);
      const text = `Canned response for tickets about ${incident.reference} (${current}):\n>${responses[0].text}`;
      await handleOnce(deps.dataSource, COMMS_SCHEMA, SUPPORT_BRIEFINGS, event.id, async (manager) => {
        await enqueueDeliveries(manager, [{ channel: 'slack', purpose: 'internal', payload: { kind: 'slack_post', target: { channel: deps.channel! }, text }, dedupeKey: `${event.id}:support` }]);
      });
      deps.queued();
    },
  };
}
