import { Module } from '@nestjs/common';
import { ComponentsModule } from '../components/components.module';
import { UnitOfWork } from '../outbox/unit-of-work';
import { MaintenancesController } from './maintenances.controller';
import { MaintenancesService } from './maintenances.service';

@Module({ imports: [ComponentsModule], controllers: [MaintenancesController], providers: [MaintenancesService, UnitOfWork] })
export class MaintenancesModule {}
