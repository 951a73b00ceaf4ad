import { z } from 'zod';
import { componentSchema, incidentSchema, personSchema } from './schemas';
import { deadlineKindSchema, incidentCommandEvents } from './incident-command';
import { communicationEvents } from './communications';
import { postmortemEvents } from './postmortems';
import { maintenanceEvents } from './maintenance';

/**
 * Every event Sitrep publishes: its current schema version and the schema of its data.
 * This file is the one place an event's shape is defined; producers build events from it and
 * consumers validate what they receive against it.
 */
export const eventCatalogue = {
  'component.created': {
    version: 1,
    data: z.object({ component: componentSchema }),
  },
  'incident.declared': {
    version: 1,
    /** clocks: when the clocks started at declaration fall due (the war room's pinned card shows them). */
    data: z.object({ incident: incidentSchema, clocks: z.array(z.object({ kind: deadlineKindSchema, dueAt: z.string().datetime({ offset: true }) })).optional() }),
  },
  ...incidentCommandEvents,
  ...communicationEvents,
  ...postmortemEvents,
  ...maintenanceEvents,
  'person.registered': {
    version: 1,
    data: z.object({ person: personSchema }),
  },
  'person.updated': {
    version: 1,
    data: z.object({ person: personSchema }),
  },
} as const;

export type EventType = keyof typeof eventCatalogue;
export type EventData<T extends EventType> = z.infer<(typeof eventCatalogue)[T]['data']>;

export const eventTypes = Object.keys(eventCatalogue) as EventType[];

export function isEventType(type: string): type is EventType {
  return Object.prototype.hasOwnProperty.call(eventCatalogue, type);
}
