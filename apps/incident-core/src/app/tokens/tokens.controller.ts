import { Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import type { Principal } from '@sitrep/auth';
import { CurrentPrincipal } from '../access/current-principal.decorator';
import { TokensService } from './tokens.service';

/** Admin only (no @Roles): who holds access to incident-core, and taking it away. */
@Controller('api/v1/tokens')
export class TokensController {
  constructor(private readonly tokens: TokensService) {}

  @ApiOperation({ summary: 'List API tokens' })
  @Get()
  async list() {
    return { tokens: await this.tokens.list() };
  }

  @ApiOperation({ summary: 'Revoke an API token', description: 'Its next request gets 401.' })
  @Delete(':id')
  @HttpCode(204)
  async revoke(@Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 400 })) id: string, @CurrentPrincipal() principal: Principal): Promise<void> {
    await this.tokens.revoke(id, principal);
  }
}
