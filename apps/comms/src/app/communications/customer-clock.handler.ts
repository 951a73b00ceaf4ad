import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import type { Clock } from '@sitrep/clock';
import { EVENTS_SUBJECT_ROOT, IncidentStatus, Severity, SitrepEvent } from '@sitrep/contracts';
import { EventHandler, handleOnce } from '@sitrep/messaging';
import { COMMS_SCHEMA } from '../comms-schema';
import { IncidentNotHeardOf } from '../incidents/incident-intake.handler';
import type { MessageRenderer } from '../templates/message-renderer';
import { firstNoticePlan, nextUpdatePlan, onCustomerClock } from './draft-rules';
import { countByState, insertAutoDraft, lastPublished, lockIncident } from './draft-store';

export const CUSTOMER_CLOCKS = 'comms-customer-clocks';
/** deadline.* events (one filter per consumer on nats-server 2.9). */
export const DEADLINE_EVENTS_FILTER = `${EVENTS_SUBJECT_ROOT}.deadline.>`;

/**
 * When a customer clock is about to fall due (or falls due), the comms lead should find a draft waiting:
 * the next update from the incident's current state, or the first notice if customers have not been told
 * yet. One pending draft per incident is enough, so a second warning for the same clock drafts nothing.
 */
export function customerClockHandler(dataSource: DataSource, clock: Clock, deps: { renderer: MessageRenderer; logger?: Logger }): EventHandler {
  return {
    consumer: CUSTOMER_CLOCKS,
    kind: 'durable',
    filter: DEADLINE_EVENTS_FILTER,
    types: ['deadline.due_soon', 'deadline.due'],
    async handle(event: SitrepEvent): Promise<void> {
      if (event.type !== 'deadline.due_soon' && event.type !== 'deadline.due') return;
      const { deadline } = event.data;
      if (deadline.kind !== 'customer_update' && deadline.kind !== 'first_customer_notice') return;
      await handleOnce(dataSource, COMMS_SCHEMA, CUSTOMER_CLOCKS, event.id, async (manager) => {
        // The row lock makes a due_soon and a due handled at once by two replicas see each other's draft.
        const incident = await lockIncident(manager, deadline.incidentId);
        if (!incident) throw new IncidentNotHeardOf(deadline.incidentId);
        const counts = await countByState(manager, incident.id);
        const state = { severity: incident.severity as Severity, status: incident.status as IncidentStatus, componentIds: incident.componentIds };
        const decision = onCustomerClock({ deadlineKind: deadline.kind, incidentStatus: state.status, pendingDrafts: counts.pending, published: counts.published });
        if ('skip' in decision) {
          deps.logger?.debug({ incidentId: incident.id, deadline: deadline.kind, reason: decision.skip }, 'no draft for customer clock');
          return;
        }
        const plan = decision.draft === 'initial' ? firstNoticePlan(state) : nextUpdatePlan(state, await lastPublished(manager, incident.id));
        const draft = await insertAutoDraft(manager, deps.renderer, { incident, plan, trigger: event.type, sourceEventId: event.id, at: clock.now() });
        deps.logger?.info({ incidentId: incident.id, communicationId: draft.id, kind: plan.kind, deadline: deadline.kind }, 'customer update drafted');
      });
    },
  };
}
