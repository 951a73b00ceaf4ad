import type { DataSource } from 'typeorm';
import type { Clock } from '@sitrep/clock';
import { SitrepEvent, subjectFilters } from '@sitrep/contracts';
import { EventHandler, handleOnce } from '@sitrep/messaging';
import { COMMS_ACTOR } from '../access/principal';
import { COMMS_SCHEMA } from '../comms-schema';
import type { MessageRenderer } from '../templates/message-renderer';
import { insertDraft, namedComponents } from './draft-store';
import { maintenanceContext, maintenancePlan } from './maintenance-drafts';

export const MAINTENANCE_NOTICES = 'comms-maintenance-notices';

/**
 * Maintenance windows recorded in incident-core become drafts in the approval queue, like incident
 * notices: the comms lead approves each before customers hear of it.
 */
export function maintenanceHandler(dataSource: DataSource, clock: Clock, renderer: MessageRenderer): EventHandler {
  return {
    consumer: MAINTENANCE_NOTICES,
    kind: 'durable',
    filter: subjectFilters.maintenanceEvents,
    types: ['maintenance.scheduled', 'maintenance.started', 'maintenance.completed', 'maintenance.cancelled'],
    async handle(event: SitrepEvent): Promise<void> {
      if (event.type !== 'maintenance.scheduled' && event.type !== 'maintenance.started' && event.type !== 'maintenance.completed' && event.type !== 'maintenance.cancelled') return;
      const { maintenance } = event.data;
      const plan = maintenancePlan(event.type);
      await handleOnce(dataSource, COMMS_SCHEMA, MAINTENANCE_NOTICES, event.id, async (manager) => {
        const components = await namedComponents(manager, maintenance.componentIds.map((id) => ({ id, status: plan.componentStatus })));
        const context = { ...maintenanceContext(maintenance), components };
        await insertDraft(manager, {
          incidentId: maintenance.id,
          subject: 'maintenance',
          kind: plan.kind,
          origin: 'auto',
          trigger: event.type,
          draftedBy: COMMS_ACTOR,
          sourceEventId: event.id,
          at: clock.now(),
          title: maintenance.title,
          status: plan.status,
          impact: 'maintenance',
          body: renderer.render(plan.kind, 'draft-body', context).trim(),
          components,
          channels: plan.channels,
          scheduledFor: new Date(maintenance.scheduledFor),
          scheduledUntil: new Date(maintenance.scheduledUntil),
        });
      });
    },
  };
}
