import type { DataSource, EntityManager } from 'typeorm';
import type { Logger } from 'pino';
import type { Clock } from '@sitrep/clock';
import { CommunicationKind, IncidentStatus, Severity, SitrepEvent, subjectFilters } from '@sitrep/contracts';
import { EventHandler, handleOnce } from '@sitrep/messaging';
import { COMMS_SCHEMA } from '../comms-schema';
import { countByState, insertAutoDraft, lastPublished, lockIncident, supersedePending } from '../communications/draft-store';
import {
  SUPERSEDED_BY_RESOLUTION,
  allClearPlan,
  draftsFirstNoticeOnDeclare,
  draftsFirstNoticeOnEscalation,
  firstNoticePlan,
  publicStatusOf,
  redraftsFirstNoticeOnComponents,
  resolvedPlan,
} from '../communications/draft-rules';
import type { MessageRenderer } from '../templates/message-renderer';
import { KnownIncidentEntity } from './known-incident.entity';

export const INCIDENT_INTAKE = 'comms-incident-intake';

export interface IncidentIntakeDeps {
  renderer: MessageRenderer;
  logger?: Logger;
}

/** Thrown when an event about an incident arrives before its declaration: the consumer retries it shortly. */
export class IncidentNotHeardOf extends Error {
  constructor(incidentId: string) {
    super(`incident ${incidentId} has not been heard of yet (its declaration has not arrived); will retry`);
  }
}

/**
 * comms' copy of each incident: recorded on declaration, kept current from status, severity and
 * comms-lead changes, and the source of the drafts comms writes by itself (first notice, resolved
 * notice, all-clear). Each event's effects and its inbox row commit together, so a redelivery does nothing.
 *
 * Replicas of comms share this consumer and may handle one incident's events out of order, so each value
 * is only overwritten by an event that happened later than the one that set it.
 */
export function incidentIntakeHandler(dataSource: DataSource, clock: Clock, deps: IncidentIntakeDeps): EventHandler {
  return {
    consumer: INCIDENT_INTAKE,
    kind: 'durable',
    filter: subjectFilters.incidentEvents,
    types: ['incident.declared', 'incident.status_changed', 'incident.severity_changed', 'incident.role_assigned', 'incident.components_added', 'incident.resolved', 'incident.all_clear_due'],
    async handle(event: SitrepEvent): Promise<void> {
      if (event.type === 'incident.declared') {
        await handleOnce(dataSource, COMMS_SCHEMA, INCIDENT_INTAKE, event.id, (manager) => declared(manager, event, clock, deps));
        return;
      }
      const incidentId = event.incidentId;
      if (!incidentId) return;
      await handleOnce(dataSource, COMMS_SCHEMA, INCIDENT_INTAKE, event.id, async (manager) => {
        const incident = await lockIncident(manager, incidentId);
        if (!incident) throw new IncidentNotHeardOf(incidentId);
        await follow(manager, incident, event, clock, deps);
      });
    },
  };
}

async function declared(manager: EntityManager, event: SitrepEvent<'incident.declared'>, clock: Clock, deps: IncidentIntakeDeps): Promise<void> {
  const { incident } = event.data;
  const at = new Date(event.occurredAt);
  const row = manager.create(KnownIncidentEntity, {
    id: incident.id,
    reference: incident.reference,
    title: incident.title,
    severity: incident.severity,
    declaredAt: new Date(incident.declaredAt),
    heardAt: clock.now(),
    sourceEventId: event.id,
    status: incident.status,
    statusAt: at,
    severityAt: at,
    commsLeadId: null,
    commsLeadAt: null,
    componentIds: incident.componentIds,
    resolvedAt: null,
  });
  await manager.insert(KnownIncidentEntity, row);
  if (!draftsFirstNoticeOnDeclare(incident.severity)) return;
  // Drafted now so that the comms lead only has to read and approve it inside the 30-minute first-notice clock.
  const draft = await insertAutoDraft(manager, deps.renderer, { incident: row, plan: firstNoticePlan(incident), trigger: event.type, sourceEventId: event.id, at: clock.now() });
  deps.logger?.info({ incidentId: row.id, communicationId: draft.id }, 'first customer notice drafted');
}

/** Is the event newer than the one that set the value (a tie counts when the event continues from the current value)? */
function newer(at: Date, setAt: Date | null, continues = false): boolean {
  if (!setAt) return true;
  return at.getTime() > setAt.getTime() || (at.getTime() === setAt.getTime() && continues);
}

async function follow(manager: EntityManager, incident: KnownIncidentEntity, event: SitrepEvent, clock: Clock, deps: IncidentIntakeDeps): Promise<void> {
  const at = new Date(event.occurredAt);
  const repo = manager.getRepository(KnownIncidentEntity);
  const state = { severity: incident.severity as Severity, status: incident.status as IncidentStatus, componentIds: incident.componentIds };
  switch (event.type) {
    case 'incident.status_changed': {
      if (!newer(at, incident.statusAt, incident.status === event.data.from)) return;
      await repo.update(incident.id, { status: event.data.to, statusAt: at });
      // Reopened during the recovery watch: a pending resolved notice or all-clear would now be false.
      if (publicStatusOf(event.data.from) === 'resolved' && publicStatusOf(event.data.to) !== 'resolved') {
        await supersedePending(manager, incident.id, ['resolved', 'all_clear'], 'superseded: the incident was reopened', clock.now());
      }
      return;
    }
    case 'incident.severity_changed': {
      if (!newer(at, incident.severityAt)) return;
      await repo.update(incident.id, { severity: event.data.to, severityAt: at });
      const counts = await countByState(manager, incident.id);
      if (!draftsFirstNoticeOnEscalation({ from: event.data.from, to: event.data.to, pendingDrafts: counts.pending, published: counts.published })) return;
      const raised = { ...state, severity: event.data.to };
      const draft = await insertAutoDraft(manager, deps.renderer, { incident: { ...incident, severity: event.data.to }, plan: firstNoticePlan(raised), trigger: event.type, sourceEventId: event.id, at: clock.now() });
      deps.logger?.info({ incidentId: incident.id, communicationId: draft.id }, 'first customer notice drafted after escalation');
      return;
    }
    case 'incident.role_assigned':
      if (event.data.role === 'comms_lead' && newer(at, incident.commsLeadAt, true)) await repo.update(incident.id, { commsLeadId: event.data.personId, commsLeadAt: at });
      return;
    case 'incident.components_added': {
      // Components only ever join: a union, so events handled out of order end in the same list.
      const componentIds = unique([...incident.componentIds, ...event.data.componentIds]);
      if (componentIds.length === incident.componentIds.length) return;
      await repo.update(incident.id, { componentIds });
      const pending: { kind: CommunicationKind; origin: 'person' | 'auto' }[] = await manager.query(`SELECT kind, origin FROM ${COMMS_SCHEMA}.communications WHERE incident_id = $1 AND state = 'pending'`, [incident.id]);
      const { published } = await countByState(manager, incident.id);
      if (!redraftsFirstNoticeOnComponents({ pending, published })) return;
      await supersedePending(manager, incident.id, ['initial'], 'superseded: components were added to the incident', clock.now());
      const widened = { ...state, componentIds };
      const draft = await insertAutoDraft(manager, deps.renderer, { incident: { ...incident, componentIds }, plan: firstNoticePlan(widened), trigger: event.type, sourceEventId: event.id, at: clock.now() });
      deps.logger?.info({ incidentId: incident.id, communicationId: draft.id }, 'first customer notice redrafted with the added components');
      return;
    }
    case 'incident.resolved': {
      await repo.update(incident.id, { resolvedAt: new Date(event.data.resolvedAt) });
      await supersedePending(manager, incident.id, SUPERSEDED_BY_RESOLUTION, 'superseded: the incident was resolved', clock.now());
      const draft = await insertAutoDraft(manager, deps.renderer, { incident, plan: resolvedPlan(state, await lastPublished(manager, incident.id)), trigger: event.type, sourceEventId: event.id, at: clock.now() });
      deps.logger?.info({ incidentId: incident.id, communicationId: draft.id }, 'resolved notice drafted');
      return;
    }
    case 'incident.all_clear_due': {
      await supersedePending(manager, incident.id, SUPERSEDED_BY_RESOLUTION, 'superseded: the incident was resolved', clock.now());
      const draft = await insertAutoDraft(manager, deps.renderer, { incident, plan: allClearPlan(state, await lastPublished(manager, incident.id)), trigger: event.type, sourceEventId: event.id, at: clock.now() });
      deps.logger?.info({ incidentId: incident.id, communicationId: draft.id }, 'all-clear drafted');
      return;
    }
    default:
      return;
  }
}

function unique<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}
