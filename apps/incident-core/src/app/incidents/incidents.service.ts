import { randomUUID } from 'node:crypto';
import { BadRequestException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CLOCK, Clock } from '@sitrep/clock';
import { Actor, IncidentView, createEvent } from '@sitrep/contracts';
import { ComponentsService } from '../components/components.service';
import { UnitOfWork } from '../outbox/unit-of-work';
import { DeclareIncidentBody, incidentReference } from './declare-incident';
import { IncidentEntity, toIncidentView } from './incident.entity';
import { TimelineEntryEntity } from './timeline-entry.entity';

export interface TimelineView {
  at: string;
  kind: string;
  text: string;
  actor: Actor;
}

@Injectable()
export class IncidentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly components: ComponentsService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async declare(body: DeclareIncidentBody, actor: Actor): Promise<IncidentView> {
    const componentIds = [...new Set(body.componentIds ?? [])];
    const unknown = await this.components.unknownIds(componentIds);
    if (unknown.length > 0) {
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: `componentIds: no component with id ${unknown.join(', ')}`,
        fields: [{ field: 'componentIds', reason: `unknown component id(s): ${unknown.join(', ')}` }],
      });
    }
    return this.unitOfWork.run(async (manager, record) => {
      const now = this.clock.now();
      const [{ seq }] = await manager.query(`SELECT nextval('core.incident_reference_seq')::int AS seq`);
      const incident = manager.create(IncidentEntity, {
        id: randomUUID(),
        reference: incidentReference(seq),
        title: body.title,
        severity: body.severity,
        status: 'declared',
        summary: body.summary ?? null,
        componentIds,
        declaredAt: now,
        declaredBy: actor,
      });
      await manager.insert(IncidentEntity, incident);
      const view = toIncidentView(incident);
      const event = createEvent('incident.declared', { incident: view }, { actor, incidentId: incident.id, occurredAt: now });
      await manager.insert(TimelineEntryEntity, {
        id: randomUUID(),
        incidentId: incident.id,
        at: now,
        kind: 'declared',
        text: `${body.severity} declared: ${body.title}`,
        actor,
        eventId: event.id,
      });
      await record(event);
      return view;
    });
  }

  async list(): Promise<IncidentView[]> {
    const rows = await this.dataSource.getRepository(IncidentEntity).find({ order: { declaredAt: 'DESC' }, take: 200 });
    return rows.map(toIncidentView);
  }

  async get(id: string): Promise<IncidentView & { timeline: TimelineView[] }> {
    const incident = await this.dataSource.getRepository(IncidentEntity).findOneBy({ id });
    if (!incident) throw new NotFoundException(`no incident with id ${id}`);
    const entries = await this.dataSource.getRepository(TimelineEntryEntity).find({ where: { incidentId: id }, order: { at: 'ASC' } });
    return {
      ...toIncidentView(incident),
      timeline: entries.map((e) => ({ at: e.at.toISOString(), kind: e.kind, text: e.text, actor: e.actor as Actor })),
    };
  }
}
