import { createServiceDataSource } from '@sitrep/persistence';
import { commsMigrations } from '../migrations';
import { COMMS_SCHEMA } from './comms-schema';
import { KnownIncidentEntity } from './incidents/known-incident.entity';
import { KnownComponentEntity } from './components/known-component.entity';
import { CommunicationEntity } from './communications/communication.entity';

export function commsDataSource(url: string) {
  return createServiceDataSource({
    url,
    schema: COMMS_SCHEMA,
    entities: [KnownIncidentEntity, KnownComponentEntity, CommunicationEntity],
    migrations: commsMigrations,
    applicationName: 'sitrep-comms',
  });
}
