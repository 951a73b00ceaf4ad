import { BadRequestException, Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { Principal, Roles } from '@sitrep/auth';
import { DRAFTER_ROLES } from '../approvals/approval-rules';
import { ApiZodBody, ZodBodyPipe } from '@sitrep/platform';
import { CurrentPrincipal } from '../access/principal';
import { DraftBody, draftBody } from './communications.schemas';
import { CommunicationsService } from './communications.service';

export const communicationId = () =>
  new ParseUUIDPipe({
    exceptionFactory: () =>
      new BadRequestException({ statusCode: 400, error: 'Bad Request', message: 'id: must be a communication id (a UUID)', fields: [{ field: 'id', reason: 'must be a communication id (a UUID)' }] }),
  });

/** Drafts are internal until approved: responders may propose them, viewers may read them. */
@Controller('api/v1/communications')
export class CommunicationsController {
  constructor(private readonly communications: CommunicationsService) {}

  @ApiOperation({ summary: 'Draft a customer communication', description: 'It waits in the approval queue: nothing reaches customers until a communications lead approves it.' })
  @Post()
  @HttpCode(201)
  @Roles(...DRAFTER_ROLES)
  @ApiZodBody(draftBody)
  draft(@Body(new ZodBodyPipe(draftBody)) body: DraftBody, @CurrentPrincipal() principal: Principal) {
    return this.communications.draft(body, principal);
  }

  @ApiOperation({ summary: 'Get a communication with its previews' })
  @Get(':id')
  @Roles('comms_lead', 'responder', 'viewer')
  get(@Param('id', communicationId()) id: string) {
    return this.communications.get(id);
  }
}
