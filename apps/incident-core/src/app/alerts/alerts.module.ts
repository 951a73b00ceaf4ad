import { Module } from '@nestjs/common';
import { ComponentsModule } from '../components/components.module';
import { IncidentCommandsService } from '../incidents/incident-commands.service';
import { IncidentsService } from '../incidents/incidents.service';
import { UnitOfWork } from '../outbox/unit-of-work';
import { AlertIntake } from './alert-intake';
import { AlertsController } from './alerts.controller';
import { ALERT_INCIDENT_COMMANDS, ServiceIncidentCommands } from './incident-commands.port';

/**
 * Alerts and detection. The incident services are provided here again (they hold no state) rather than
 * exported from IncidentsModule, so the adapter behind the port is this module's only tie to them.
 */
@Module({
  imports: [ComponentsModule],
  controllers: [AlertsController],
  providers: [AlertIntake, UnitOfWork, IncidentsService, IncidentCommandsService, { provide: ALERT_INCIDENT_COMMANDS, useClass: ServiceIncidentCommands }],
  exports: [AlertIntake],
})
export class AlertsModule {}
