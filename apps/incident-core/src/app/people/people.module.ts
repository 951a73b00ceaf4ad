import { Module } from '@nestjs/common';
import { UnitOfWork } from '../outbox/unit-of-work';
import { EscalationContactsController, PeopleController } from './people.controller';
import { PeopleService } from './people.service';

/** Provided by incident-core.module.ts: the roster file to load at start-up (string), or null. */
export { ROSTER_FILE } from './roster-file';

@Module({ controllers: [PeopleController, EscalationContactsController], providers: [PeopleService, UnitOfWork], exports: [PeopleService] })
export class PeopleModule {}
