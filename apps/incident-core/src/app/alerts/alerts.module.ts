import { Module } from '@nestjs/common';
import { ComponentsModule } from '../components/components.module';
import { UnitOfWork } from '../outbox/unit-of-work';
import { AlertIntake } from './alert-intake';
import { AlertsController } from './alerts.controller';
import { ALERT_INCIDENT_COMMANDS, ServiceIncidentCommands } from './incident-commands.port';

/**
 * Alerts and detection. Incidents change only through the command executor (CommandsModule, global),
 * reached through the port's adapter.
 */
@Module({
  imports: [ComponentsModule],
  controllers: [AlertsController],
  providers: [AlertIntake, UnitOfWork, { provide: ALERT_INCIDENT_COMMANDS, useClass: ServiceIncidentCommands }],
  exports: [AlertIntake],
})
export class AlertsModule {}
