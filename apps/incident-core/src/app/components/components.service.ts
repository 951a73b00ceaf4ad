import { randomUUID } from 'node:crypto';
import { ConflictException, Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { CLOCK, Clock } from '@sitrep/clock';
import { Actor, ComponentView, createEvent } from '@sitrep/contracts';
import { UnitOfWork } from '../outbox/unit-of-work';
import { ComponentEntity, toComponentView } from './component.entity';
import { CreateComponentBody } from './create-component';

@Injectable()
export class ComponentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async list(): Promise<ComponentView[]> {
    const all = await this.dataSource.getRepository(ComponentEntity).find({ order: { position: 'ASC' } });
    return all.map(toComponentView);
  }

  async create(body: CreateComponentBody, actor: Actor): Promise<ComponentView> {
    return this.unitOfWork.run(async (manager, record) => {
      const repo = manager.getRepository(ComponentEntity);
      const clash = await repo.createQueryBuilder('c').where('lower(c.name) = lower(:name)', { name: body.name }).getOne();
      if (clash) throw new ConflictException({ statusCode: 409, message: `a component named "${clash.name}" already exists (id ${clash.id})`, fields: [{ field: 'name', reason: 'already taken' }] });
      const now = this.clock.now();
      const component = repo.create({
        id: randomUUID(),
        name: body.name,
        description: body.description ?? null,
        group: body.group ?? null,
        status: 'operational',
        position: await repo.count(),
        createdAt: now,
        updatedAt: now,
      });
      await repo.insert(component);
      const view = toComponentView(component);
      await record(createEvent('component.created', { component: view }, { actor, occurredAt: now }));
      return view;
    });
  }

  /** The ids among those given that name no component. */
  /**
   * Ids that name no component. A command passes its transaction's manager: on the embedded database every
   * connection shares one session, so a query on another connection would wait for this transaction forever.
   */
  async unknownIds(ids: readonly string[], manager?: EntityManager): Promise<string[]> {
    if (ids.length === 0) return [];
    const found: { id: string }[] = await (manager ?? this.dataSource).query(`SELECT id FROM core.components WHERE id = ANY($1::uuid[])`, [ids]);
    const known = new Set(found.map((f) => f.id));
    return ids.filter((id) => !known.has(id));
  }
}
