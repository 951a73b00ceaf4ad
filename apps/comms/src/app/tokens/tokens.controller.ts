import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import type { Principal } from '@sitrep/auth';
import { ApiZodBody, ZodBodyPipe } from '@sitrep/platform';
import { CurrentPrincipal } from '../access/principal';
import { IssueTokenBody, issueTokenBody } from './tokens.schemas';
import { TokensService } from './tokens.service';

/** Admin only (no @Roles): issuing a token is granting access to comms. */
@Controller('api/v1/tokens')
export class TokensController {
  constructor(private readonly tokens: TokensService) {}

  @Post()
  @HttpCode(201)
  @ApiZodBody(issueTokenBody)
  issue(@Body(new ZodBodyPipe(issueTokenBody)) body: IssueTokenBody, @CurrentPrincipal() principal: Principal) {
    return this.tokens.issue(body, principal);
  }
}
