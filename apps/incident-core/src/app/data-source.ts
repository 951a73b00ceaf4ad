import { createServiceDataSource } from '@sitrep/persistence';
import { coreMigrations } from '../migrations';
import { ComponentEntity } from './components/component.entity';
import { CORE_SCHEMA } from './core-schema';
import { IncidentEntity } from './incidents/incident.entity';
import { TimelineEntryEntity } from './incidents/timeline-entry.entity';
import { EscalationContactEntity } from './people/escalation-contact.entity';
import { PersonEntity } from './people/person.entity';

export function coreDataSource(url: string) {
  return createServiceDataSource({
    url,
    schema: CORE_SCHEMA,
    entities: [ComponentEntity, IncidentEntity, TimelineEntryEntity, PersonEntity, EscalationContactEntity],
    migrations: coreMigrations,
    applicationName: 'sitrep-incident-core',
  });
}
