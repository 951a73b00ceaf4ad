import type { DataSource } from 'typeorm';
import type { Clock } from '@sitrep/clock';
import { SitrepEvent, subjectFilters } from '@sitrep/contracts';
import { EventHandler, handleOnce } from '@sitrep/messaging';
import { COMMS_SCHEMA } from '../comms-schema';
import { KnownIncidentEntity } from './known-incident.entity';

export const INCIDENT_INTAKE = 'comms-incident-intake';

/** Records each declared incident once, however often the event is delivered. */
export function incidentIntakeHandler(dataSource: DataSource, clock: Clock): EventHandler {
  return {
    consumer: INCIDENT_INTAKE,
    kind: 'durable',
    filter: subjectFilters.incidentEvents,
    types: ['incident.declared'],
    async handle(event: SitrepEvent): Promise<void> {
      if (event.type !== 'incident.declared') return;
      const { incident } = event.data;
      await handleOnce(dataSource, COMMS_SCHEMA, INCIDENT_INTAKE, event.id, async (manager) => {
        await manager.insert(KnownIncidentEntity, {
          id: incident.id,
          reference: incident.reference,
          title: incident.title,
          severity: incident.severity,
          declaredAt: new Date(incident.declaredAt),
          heardAt: clock.now(),
          sourceEventId: event.id,
        });
      });
    },
  };
}
