import { Module } from '@nestjs/common';
import { ComponentsModule } from '../components/components.module';
import { UnitOfWork } from '../outbox/unit-of-work';
import { IncidentsController } from './incidents.controller';
import { IncidentsService } from './incidents.service';

@Module({ imports: [ComponentsModule], controllers: [IncidentsController], providers: [IncidentsService, UnitOfWork] })
export class IncidentsModule {}
