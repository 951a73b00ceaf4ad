import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CLOCK, Clock } from '@sitrep/clock';
import { PlatformModule, PlatformOptions } from '@sitrep/platform';
import { CommandsModule } from './commands/commands.module';
import { ComponentsModule } from './components/components.module';
import { IncidentsModule } from './incidents/incidents.module';
import { OUTBOX_SIGNAL, OutboxSignal } from './outbox/unit-of-work';
import { DEADLINE_SCHEDULER_OPTIONS, DeadlineSchedulerOptions } from './deadlines/clock-poller';
import { INCIDENT_SETTINGS, IncidentSettings } from './incidents/incident-settings';
import { POLICY, Policy } from './policy/policy';
import { PeopleModule, ROSTER_FILE } from './people/people.module';
import { MaintenancesModule } from './maintenances/maintenances.module';
import { PostmortemsModule } from './postmortems/postmortems.module';
import { PostmortemSettings } from './postmortems/postmortem-settings';
import { ReportsModule } from './reports/reports.module';
import { IntegrationsModule } from './integrations/integrations.module';
import { ConsoleModule } from './console/console.module';
import { CONSOLE_SETTINGS, ConsoleSettings, DEFAULT_CONSOLE_SETTINGS } from './console/console-settings';
import { TokensModule } from './tokens/tokens.module';

export interface IncidentCoreModuleOptions {
  platform: PlatformOptions;
  dataSource: DataSource;
  clock: Clock;
  outboxSignal: OutboxSignal;
  policy: Policy;
  settings: IncidentSettings;
  scheduler: DeadlineSchedulerOptions;
  /** People and escalation contacts to load at start-up (SITREP_ROSTER_FILE). */
  rosterFile?: string;
  /** Revenue per minute and Jira, for post-mortems. */
  postmortems?: PostmortemSettings;
  /** The console's sign-in (single sign-on) and session lifetimes. */
  console?: ConsoleSettings;
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
            { provide: ROSTER_FILE, useValue: options.rosterFile ?? null },
            { provide: POLICY, useValue: options.policy },
            { provide: INCIDENT_SETTINGS, useValue: options.settings },
            { provide: DEADLINE_SCHEDULER_OPTIONS, useValue: options.scheduler },
            { provide: CONSOLE_SETTINGS, useValue: options.console ?? DEFAULT_CONSOLE_SETTINGS },
          ],
          exports: [CLOCK, OUTBOX_SIGNAL, ROSTER_FILE, POLICY, INCIDENT_SETTINGS, DEADLINE_SCHEDULER_OPTIONS, CONSOLE_SETTINGS],
        },
        ComponentsModule,
        CommandsModule,
        IncidentsModule,
        PeopleModule,
        MaintenancesModule,
        PostmortemsModule.forRoot(options.postmortems),
        ReportsModule,
        IntegrationsModule,
        TokensModule,
        ConsoleModule,
      ],
    };
  }
}
