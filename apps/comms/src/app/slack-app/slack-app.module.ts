import { DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { ApprovalsModule } from '../approvals/approvals.module';
import { ApprovalsService } from '../approvals/approvals.service';
import type { SlackWorkspace } from '../channels/slack-workspace';
import { CommunicationsModule } from '../communications/communications.module';
import { CommunicationsService } from '../communications/communications.service';
import type { CommandClient } from './command-client';
import { SLACK_APP, SlackAppController, SlackAppRuntime } from './slack-app.controller';
import { SlackInteractions } from './slack-interactions';
import { SlackEvents } from './slack-events';
import { SlackEventRetries } from './slack-event-retries';
import { APPROVAL_REQUESTS_OPTIONS, ApprovalRequests } from './approval-requests';

export interface SlackAppOptions {
  dataSource: DataSource;
  /** null when Slack is off (SLACK_BOT_TOKEN unset): every request is refused. */
  workspace: SlackWorkspace | null;
  signingSecret: string | null;
  commands: CommandClient;
  logger: Logger;
  /** How often drafts waiting for approval are looked for. */
  pollMs: number;
  /** Approval requests were queued: wake the Slack pump. */
  queued: () => void;
}

/** The Slack app's request URLs (/slack/commands, /slack/interactivity, /slack/events). */
@Module({})
export class SlackAppModule {
  static create(options: SlackAppOptions): DynamicModule {
    return {
      module: SlackAppModule,
      imports: [CommunicationsModule, ApprovalsModule],
      controllers: [SlackAppController],
      providers: [
        ApprovalRequests,
        SlackEventRetries,
        { provide: APPROVAL_REQUESTS_OPTIONS, useValue: { dataSource: options.dataSource, enabled: options.workspace !== null, pollMs: options.pollMs, logger: options.logger, queued: options.queued } },
        {
          provide: SLACK_APP,
          inject: [ApprovalsService, CommunicationsService, ApprovalRequests],
          useFactory: (approvals: ApprovalsService, communications: CommunicationsService, requests: ApprovalRequests): SlackAppRuntime => {
            const wake = () => void requests.queueDue().catch((error) => options.logger.warn({ err: error }, 'could not queue approval requests'));
            return {
              signingSecret: options.workspace ? options.signingSecret : null,
              logger: options.logger,
              interactions: options.workspace ? new SlackInteractions(options.dataSource, options.workspace, options.commands, approvals, communications, options.logger, wake) : (null as never),
              events: options.workspace ? new SlackEvents(options.dataSource, options.workspace, options.commands, options.logger) : (null as never),
            };
          },
        },
      ],
    };
  }
}
