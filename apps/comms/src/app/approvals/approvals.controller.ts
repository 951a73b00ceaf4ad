import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { Principal, Roles } from '@sitrep/auth';
import { DECIDER_ROLES } from './approval-rules';
import { ApiZodBody, ZodBodyPipe } from '@sitrep/platform';
import { CurrentPrincipal } from '../access/principal';
import { communicationId } from '../communications/communications.controller';
import { ApproveBody, ListApprovalsQuery, RejectBody, approveBody, listApprovalsQuery, rejectBody } from '../communications/communications.schemas';
import { CommunicationsService } from '../communications/communications.service';
import { ApprovalsService } from './approvals.service';

/** The approval queue's API. Deciding needs comms_lead (or admin); the service adds the incident's own comms lead rule. */
@Controller('api/v1/approvals')
export class ApprovalsController {
  constructor(
    private readonly approvals: ApprovalsService,
    private readonly communications: CommunicationsService,
  ) {}

  @ApiOperation({ summary: 'List the approval queue' })
  @Get()
  @Roles('comms_lead', 'responder', 'viewer')
  async list(@Query(new ZodBodyPipe(listApprovalsQuery, '(query)')) query: ListApprovalsQuery) {
    return { state: query.state, communications: await this.communications.list(query.state) };
  }

  @ApiOperation({ summary: 'Approve a communication', description: 'Optionally with edits; it is then published and sent.' })
  @Post(':id/approve')
  @HttpCode(200)
  @Roles(...DECIDER_ROLES)
  @ApiZodBody(approveBody)
  approve(@Param('id', communicationId()) id: string, @Body(new ZodBodyPipe(approveBody)) body: ApproveBody, @CurrentPrincipal() principal: Principal) {
    return this.approvals.approve(id, body, principal);
  }

  @ApiOperation({ summary: 'Reject a communication' })
  @Post(':id/reject')
  @HttpCode(200)
  @Roles(...DECIDER_ROLES)
  @ApiZodBody(rejectBody)
  reject(@Param('id', communicationId()) id: string, @Body(new ZodBodyPipe(rejectBody)) body: RejectBody, @CurrentPrincipal() principal: Principal) {
    return this.approvals.reject(id, body, principal);
  }
}
