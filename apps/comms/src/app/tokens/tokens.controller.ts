import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import type { Principal } from '@sitrep/auth';
import { ApiZodBody, ZodBodyPipe } from '@sitrep/platform';
import { CurrentPrincipal } from '../access/principal';
import { IssueTokenBody, issueTokenBody } from './tokens.schemas';
import { TokensService } from './tokens.service';

/** Admin only (no @Roles): issuing a token is granting access to comms. */
@Controller('api/v1/tokens')
export class TokensController {
  constructor(private readonly tokens: TokensService) {}

  @ApiOperation({ summary: 'Issue an API token' })
  @Post()
  @HttpCode(201)
  @ApiZodBody(issueTokenBody)
  issue(@Body(new ZodBodyPipe(issueTokenBody)) body: IssueTokenBody, @CurrentPrincipal() principal: Principal) {
    return this.tokens.issue(body, principal);
  }

  @ApiOperation({ summary: 'List API tokens' })
  @Get()
  async list() {
    return { tokens: await this.tokens.list() };
  }

  /** The token's next request gets 401, and the approval page sessions opened with it end with it. */
  @ApiOperation({ summary: 'Revoke an API token', description: 'Its next request gets 401, and the approval-page sessions opened with it end.' })
  @Delete(':id')
  @HttpCode(204)
  async revoke(@Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 400 })) id: string, @CurrentPrincipal() principal: Principal): Promise<void> {
    await this.tokens.revoke(id, principal);
  }
}
