import { Module } from '@nestjs/common';
import { ComponentsController } from './components.controller';
import { ComponentsService } from './components.service';
import { UnitOfWork } from '../outbox/unit-of-work';

@Module({ controllers: [ComponentsController], providers: [ComponentsService, UnitOfWork], exports: [ComponentsService] })
export class ComponentsModule {}
