import type { DataSource } from 'typeorm';
import type { Clock } from '@sitrep/clock';
import { SitrepEvent, subjectFilters } from '@sitrep/contracts';
import { EventHandler, handleOnce } from '@sitrep/messaging';
import { COMMS_SCHEMA } from '../comms-schema';
import { KnownComponentEntity } from './known-component.entity';

export const COMPONENT_INTAKE = 'comms-component-intake';

/** Records each component once, so drafts can name what is affected and refuse ids nobody created. */
export function componentIntakeHandler(dataSource: DataSource, clock: Clock): EventHandler {
  return {
    consumer: COMPONENT_INTAKE,
    kind: 'durable',
    filter: subjectFilters.componentEvents,
    types: ['component.created'],
    async handle(event: SitrepEvent): Promise<void> {
      if (event.type !== 'component.created') return;
      const { component } = event.data;
      await handleOnce(dataSource, COMMS_SCHEMA, COMPONENT_INTAKE, event.id, async (manager) => {
        await manager
          .createQueryBuilder()
          .insert()
          .into(KnownComponentEntity)
          .values({ id: component.id, name: component.name, groupName: component.group, heardAt: clock.now(), sourceEventId: event.id })
          .orIgnore()
          .execute();
      });
    },
  };
}
