import type { DataSource } from 'typeorm';
import type { Clock } from '@sitrep/clock';
import { EVENTS_SUBJECT_ROOT, SitrepEvent } from '@sitrep/contracts';
import { EventHandler, handleOnce } from '@sitrep/messaging';
import { COMMS_ACTOR } from '../access/principal';
import { COMMS_SCHEMA } from '../comms-schema';
import { IncidentNotHeardOf } from '../incidents/incident-intake.handler';
import type { MessageRenderer } from '../templates/message-renderer';
import { insertDraft, lastPublished, lockIncident, namedComponents } from './draft-store';

export const POSTMORTEM_NOTICES = 'comms-postmortem-notices';

/**
 * The customer-facing version of a P1 post-mortem becomes a draft like any other notice: it reaches the
 * status page (under its incident) and subscribers only once the comms lead approves it.
 */
export function postmortemHandler(dataSource: DataSource, clock: Clock, renderer: MessageRenderer): EventHandler {
  return {
    consumer: POSTMORTEM_NOTICES,
    kind: 'durable',
    filter: `${EVENTS_SUBJECT_ROOT}.postmortem.>`,
    types: ['postmortem.published'],
    async handle(event: SitrepEvent): Promise<void> {
      if (event.type !== 'postmortem.published') return;
      const { incidentId, external } = event.data;
      await handleOnce(dataSource, COMMS_SCHEMA, POSTMORTEM_NOTICES, event.id, async (manager) => {
        const incident = await lockIncident(manager, incidentId);
        if (!incident) throw new IncidentNotHeardOf(incidentId);
        const last = await lastPublished(manager, incidentId);
        await insertDraft(manager, {
          incidentId,
          kind: 'postmortem',
          origin: 'auto',
          trigger: event.type,
          draftedBy: COMMS_ACTOR,
          sourceEventId: event.id,
          at: clock.now(),
          title: incident.title,
          status: 'postmortem',
          impact: last?.impact ?? 'none',
          body: renderer.render('postmortem', 'draft-body', external).trim(),
          components: await namedComponents(manager, (last?.components ?? []).map((c) => ({ id: c.id, status: 'operational' as const }))),
          channels: ['status_page', 'email'],
        });
      });
    },
  };
}
