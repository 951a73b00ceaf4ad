import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { ComponentsModule } from '../components/components.module';
import { IntegrationsController } from './integrations.controller';
import { ReceiversController } from './receivers.controller';

/** Monitoring integrations: their credentials (admin API) and the receivers they post alerts to. */
@Module({
  imports: [AlertsModule, ComponentsModule],
  // Receivers first: their fixed paths must win over the admin routes' ":id".
  controllers: [ReceiversController, IntegrationsController],
})
export class IntegrationsModule {}
