import { Module } from '@nestjs/common';
import { CommunicationsModule } from '../communications/communications.module';
import { CommsOutbox } from '../outbox/comms-outbox';
import { ApprovalPageController } from './approval-page.controller';
import { ApprovalsController } from './approvals.controller';
import { ApprovalsService } from './approvals.service';
import { PageErrorFilter } from './page-error.filter';
import { PageSessionGuard } from './page-session.guard';
import { PageSessions } from './page-sessions';
import { IncidentCoreRoster } from './incident-core-roster';
import { PageViews } from './page-views';

@Module({
  imports: [CommunicationsModule],
  controllers: [ApprovalsController, ApprovalPageController],
  providers: [ApprovalsService, CommsOutbox, PageSessions, IncidentCoreRoster, PageSessionGuard, PageViews, PageErrorFilter],
  exports: [ApprovalsService],
})
export class ApprovalsModule {}
