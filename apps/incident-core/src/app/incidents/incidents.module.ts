import { Module } from '@nestjs/common';
import { ComponentsModule } from '../components/components.module';
import { DeadlineScheduler } from '../deadlines/deadline-scheduler';
import { UnitOfWork } from '../outbox/unit-of-work';
import { IncidentsController } from './incidents.controller';
import { IncidentsService } from './incidents.service';

@Module({
  imports: [ComponentsModule],
  controllers: [IncidentsController],
  providers: [IncidentsService, UnitOfWork, DeadlineScheduler],
  exports: [IncidentsService],
})
export class IncidentsModule {}
