import type { EventType } from './catalogue';

/**
 * Subject names, relative to a deployment namespace (default "sitrep") that the messaging layer
 * prepends. Keeping the namespace out of the contracts lets tests and tenants share one broker.
 */
export const EVENTS_SUBJECT_ROOT = 'events';
export const DEAD_LETTER_SUBJECT_ROOT = 'dlq';

/** The subject an event of the given type is published on: events.<aggregate>.<verb>. */
export function eventSubject(type: EventType): string {
  return `${EVENTS_SUBJECT_ROOT}.${type}`;
}

/** Filters consumers subscribe with (nats-server 2.9 allows one filter per consumer). */
export const subjectFilters = {
  allEvents: `${EVENTS_SUBJECT_ROOT}.>`,
  incidentEvents: `${EVENTS_SUBJECT_ROOT}.incident.>`,
  componentEvents: `${EVENTS_SUBJECT_ROOT}.component.>`,
  communicationEvents: `${EVENTS_SUBJECT_ROOT}.communication.>`,
  maintenanceEvents: `${EVENTS_SUBJECT_ROOT}.maintenance.>`,
  warRoomEvents: `${EVENTS_SUBJECT_ROOT}.war_room.>`,
  allDeadLetters: `${DEAD_LETTER_SUBJECT_ROOT}.>`,
} as const;

/** Where a consumer parks a message it could not handle. */
export function deadLetterSubject(consumer: string): string {
  return `${DEAD_LETTER_SUBJECT_ROOT}.${consumer}`;
}
