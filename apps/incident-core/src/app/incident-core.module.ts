import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CLOCK, Clock } from '@sitrep/clock';
import { PlatformModule, PlatformOptions } from '@sitrep/platform';
import { ComponentsModule } from './components/components.module';
import { IncidentsModule } from './incidents/incidents.module';
import { OUTBOX_SIGNAL, OutboxSignal } from './outbox/unit-of-work';

export interface IncidentCoreModuleOptions {
  platform: PlatformOptions;
  dataSource: DataSource;
  clock: Clock;
  outboxSignal: OutboxSignal;
}

@Module({})
export class IncidentCoreModule {
  static create(options: IncidentCoreModuleOptions): DynamicModule {
    return {
      module: IncidentCoreModule,
      imports: [
        PlatformModule.forApp(options.platform),
        TypeOrmModule.forRootAsync({
          useFactory: () => ({}),
          dataSourceFactory: async () => options.dataSource,
        }),
        {
          module: class CoreRuntimeModule {},
          global: true,
          providers: [
            { provide: CLOCK, useValue: options.clock },
            { provide: OUTBOX_SIGNAL, useValue: options.outboxSignal },
          ],
          exports: [CLOCK, OUTBOX_SIGNAL],
        },
        ComponentsModule,
        IncidentsModule,
      ],
    };
  }
}
