import { DynamicModule, Module } from '@nestjs/common';
import { UnitOfWork } from '../outbox/unit-of-work';
import { ActionItemReminders } from './action-item-reminders';
import { POSTMORTEM_SETTINGS, PostmortemSettings } from './postmortem-settings';
import { PostmortemsController } from './postmortems.controller';
import { PostmortemsService } from './postmortems.service';

/**
 * Post-mortems. Global, so that the resolve command (IncidentsModule) can draft one in its own
 * transaction without the two modules importing each other.
 */
@Module({})
export class PostmortemsModule {
  static forRoot(settings: PostmortemSettings = { revenuePerMinute: null, jira: null }): DynamicModule {
    return {
      module: PostmortemsModule,
      global: true,
      controllers: [PostmortemsController],
      providers: [{ provide: POSTMORTEM_SETTINGS, useValue: settings }, PostmortemsService, UnitOfWork, ActionItemReminders],
      exports: [PostmortemsService],
    };
  }
}
