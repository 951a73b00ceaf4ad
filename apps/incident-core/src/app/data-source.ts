import { createServiceDataSource } from '@sitrep/persistence';
import { coreMigrations } from '../migrations';
import { ComponentEntity } from './components/component.entity';
import { CORE_SCHEMA } from './core-schema';
import { IncidentEntity } from './incidents/incident.entity';
import { TimelineEntryEntity } from './incidents/timeline-entry.entity';

export function coreDataSource(url: string) {
  return createServiceDataSource({
    url,
    schema: CORE_SCHEMA,
    entities: [ComponentEntity, IncidentEntity, TimelineEntryEntity],
    migrations: coreMigrations,
    applicationName: 'sitrep-incident-core',
  });
}
