import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PlatformModule, PlatformOptions } from '@sitrep/platform';
import { KnownIncidentsController, STATUS_PAGE_URL } from './incidents/known-incidents.controller';
import { CannedResponses } from './templates/canned-responses';
import { ApprovalQueueModule, ApprovalQueueOptions } from './approvals/approval-queue.module';
import { SlackAppModule, SlackAppOptions } from './slack-app/slack-app.module';

@Module({})
export class CommsModule {
  static create(options: { platform: PlatformOptions; dataSource: DataSource; approvalQueue: ApprovalQueueOptions; delivery: DynamicModule; statusPageUrl: string; slackApp: SlackAppOptions }): DynamicModule {
    return {
      module: CommsModule,
      imports: [
        PlatformModule.forApp(options.platform),
        TypeOrmModule.forRootAsync({ useFactory: () => ({}), dataSourceFactory: async () => options.dataSource }),
        ApprovalQueueModule.create(options.approvalQueue),
        options.delivery,
        SlackAppModule.create(options.slackApp),
      ],
      controllers: [KnownIncidentsController],
      providers: [
        { provide: CannedResponses, useValue: new CannedResponses() },
        { provide: STATUS_PAGE_URL, useValue: options.statusPageUrl },
      ],
    };
  }
}
