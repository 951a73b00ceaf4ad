import { Module } from '@nestjs/common';
import { ComponentsModule } from '../components/components.module';
import { DeadlineScheduler } from '../deadlines/deadline-scheduler';
import { UnitOfWork } from '../outbox/unit-of-work';
import { IncidentCommandsService } from './incident-commands.service';
import { IncidentsController } from './incidents.controller';
import { IncidentsService } from './incidents.service';

@Module({
  imports: [ComponentsModule],
  controllers: [IncidentsController],
  providers: [IncidentsService, IncidentCommandsService, UnitOfWork, DeadlineScheduler],
  exports: [IncidentsService, IncidentCommandsService],
})
export class IncidentsModule {}
