import { BadRequestException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import type { Principal } from '@sitrep/auth';
import { CLOCK, Clock } from '@sitrep/clock';
import type { IncidentStatus, Severity } from '@sitrep/contracts';
import type { FieldProblem } from '@sitrep/platform';
import { actorOf } from '../access/principal';
import { KnownIncidentEntity } from '../incidents/known-incident.entity';
import { MessageComponent, MessageRenderer } from '../templates/message-renderer';
import { CommunicationEntity, CommunicationState } from './communication.entity';
import { CommunicationView, communicationView } from './communication-view';
import { DraftBody } from './communications.schemas';
import { DraftPlan, defaultImpact, defaultKind, firstNoticePlan, nextUpdatePlan } from './draft-rules';
import { ComponentsNotHeardOf, countByState, insertDraft, lastPublished, namedComponents } from './draft-store';

export function badFields(fields: FieldProblem[]): BadRequestException {
  return new BadRequestException({ statusCode: 400, error: 'Bad Request', message: fields.map((f) => `${f.field}: ${f.reason}`).join('; '), fields });
}

/** Names for the components of a draft or an edit; an id comms never heard of is a 400 on that list entry. */
export async function componentsOrBadRequest(manager: EntityManager, components: { id: string; status: MessageComponent['status'] }[], field = 'components'): Promise<MessageComponent[]> {
  try {
    return await namedComponents(manager, components);
  } catch (error) {
    if (!(error instanceof ComponentsNotHeardOf)) throw error;
    throw badFields(
      components.flatMap((c, i) => (error.ids.includes(c.id) ? [{ field: `${field}.${i}.id`, reason: `unknown component ${c.id}: comms has not heard of it (create it on incident-core)` }] : [])),
    );
  }
}

/** Drafts from people, and reading any draft with the previews of each channel. */
@Injectable()
export class CommunicationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly renderer: MessageRenderer,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async draft(body: DraftBody, principal: Principal): Promise<CommunicationView> {
    const row = await this.dataSource.transaction(async (manager) => {
      const incident = await manager.getRepository(KnownIncidentEntity).findOneBy({ id: body.incidentId });
      if (!incident) throw badFields([{ field: 'incidentId', reason: `unknown incident ${body.incidentId}: comms has not heard of it` }]);
      const components = await componentsOrBadRequest(manager, body.components);
      const [counts, last] = [await countByState(manager, incident.id), await lastPublished(manager, incident.id)];
      return insertDraft(manager, {
        incidentId: incident.id,
        kind: body.kind ?? defaultKind(body.status, counts.published),
        origin: 'person',
        trigger: null,
        draftedBy: actorOf(principal),
        sourceEventId: null,
        at: this.clock.now(),
        title: body.title,
        status: body.status,
        impact: body.impact ?? last?.impact ?? defaultImpact(incident.severity as Severity),
        body: body.body,
        components,
        channels: body.channels,
      });
    });
    return this.get(row.id);
  }

  /**
   * What the next customer update would say if comms drafted it now (the first notice while customers
   * have not been told, else the next update), as a starting point a person edits before drafting.
   * Null when comms has not heard of the incident.
   */
  async proposal(incidentId: string): Promise<(Omit<DraftPlan, 'components'> & { title: string; body: string; components: MessageComponent[] }) | null> {
    const manager = this.dataSource.manager;
    const incident = await manager.getRepository(KnownIncidentEntity).findOneBy({ id: incidentId });
    if (!incident) return null;
    const state = { severity: incident.severity as Severity, status: incident.status as IncidentStatus, componentIds: incident.componentIds };
    const last = await lastPublished(manager, incidentId);
    const plan = last ? nextUpdatePlan(state, last) : firstNoticePlan(state);
    const components = await componentsOrBadRequest(manager, plan.components);
    const body = this.renderer.draftBody(plan.kind, { status: plan.status, title: incident.title, components, incident: { reference: incident.reference, severity: incident.severity as Severity } });
    return { ...plan, title: incident.title, body, components };
  }

  /** An incident's drafts waiting for a decision, oldest first. */
  async pendingOf(incidentId: string): Promise<CommunicationView[]> {
    const rows = await this.dataSource.getRepository(CommunicationEntity).find({ where: { incidentId, state: 'pending' }, order: { createdAt: 'ASC' } });
    return Promise.all(rows.map((row) => this.get(row.id)));
  }

  async get(id: string): Promise<CommunicationView> {
    const row = await this.dataSource.getRepository(CommunicationEntity).findOneBy({ id });
    if (!row) throw new NotFoundException({ statusCode: 404, error: 'Not Found', message: `no communication with id ${id}` });
    const incident = await this.dataSource.getRepository(KnownIncidentEntity).findOneBy({ id: row.incidentId });
    return communicationView(row, incident, this.renderer);
  }

  /** The queue: pending oldest first (the next to handle on top); decided ones newest first. */
  async list(state: CommunicationState, limit = 100): Promise<CommunicationView[]> {
    const rows = await this.dataSource.getRepository(CommunicationEntity).find({
      where: { state },
      order: state === 'pending' ? { createdAt: 'ASC' } : { decidedAt: 'DESC' },
      take: limit,
    });
    const incidents = await this.dataSource.getRepository(KnownIncidentEntity).findBy({ id: In([...new Set(rows.map((r) => r.incidentId))]) });
    const byId = new Map(incidents.map((i) => [i.id, i]));
    return rows.map((row) => communicationView(row, byId.get(row.incidentId) ?? null, this.renderer));
  }
}
