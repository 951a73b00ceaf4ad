import { BadRequestException, Body, ConflictException, Controller, Delete, Get, HttpCode, Inject, NotFoundException, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Principal } from '@sitrep/auth';
import { CLOCK, Clock } from '@sitrep/clock';
import { ApiZodBody, ZodBodyPipe } from '@sitrep/platform';
import { z } from 'zod';
import { actorOf } from '../access/actor';
import { CurrentPrincipal } from '../access/current-principal.decorator';
import { ComponentsService } from '../components/components.service';
import { CreateIntegrationBody, componentMatchersBody, createIntegrationBody } from './create-integration';
import { createIntegration, integrationView, listIntegrations, nameTaken, revokeIntegration, setComponentMatchers } from './integration-store';

const id = () =>
  new ParseUUIDPipe({ errorHttpStatusCode: 400, exceptionFactory: () => new BadRequestException({ statusCode: 400, error: 'Bad Request', message: 'id: must be an integration id (a UUID)', fields: [{ field: 'id', reason: 'must be an integration id (a UUID)' }] }) });

/**
 * Monitoring integrations, admin only (no @Roles): each gets its own credential, shown once at creation
 * and revocable on its own. The receivers accept only these credentials, never an API token.
 */
@Controller('api/v1/integrations')
export class IntegrationsController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly components: ComponentsService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @ApiOperation({ summary: 'Create an alert integration', description: 'Returns its credential (shown once) and the path its alerts are sent to.' })
  @Post()
  @HttpCode(201)
  @ApiZodBody(createIntegrationBody)
  async create(@Body(new ZodBodyPipe(createIntegrationBody)) body: CreateIntegrationBody, @CurrentPrincipal() principal: Principal) {
    await this.checkComponents(body.componentMatchers.map((m) => m.componentId));
    if (await nameTaken(this.dataSource.manager, body.name)) throw new ConflictException({ statusCode: 409, message: `an integration named "${body.name}" already exists`, fields: [{ field: 'name', reason: 'already taken' }] });
    const created = await createIntegration(this.dataSource.manager, { ...body, actor: actorOf(principal), at: this.clock.now() });
    return { ...integrationView(created.integration), ...(created.token ? { token: created.token } : {}), ...(created.secret ? { secret: created.secret } : {}) };
  }

  @ApiOperation({ summary: 'List alert integrations' })
  @Get()
  async list() {
    return { integrations: (await listIntegrations(this.dataSource.manager)).map(integrationView) };
  }

  @ApiOperation({ summary: 'Set an integration\'s component matchers', description: 'Label matchers that map its alerts to components.' })
  @Put(':id/component-matchers')
  @ApiZodBody(componentMatchersBody)
  async matchers(@Param('id', id()) integrationId: string, @Body(new ZodBodyPipe(componentMatchersBody)) body: z.infer<typeof componentMatchersBody>) {
    await this.checkComponents(body.componentMatchers.map((m) => m.componentId));
    const updated = await setComponentMatchers(this.dataSource.manager, integrationId, body.componentMatchers);
    if (!updated) throw new NotFoundException(`no live integration with id ${integrationId}`);
    return integrationView(updated);
  }

  @ApiOperation({ summary: 'Revoke an alert integration', description: 'Its credential stops working at once.' })
  @Delete(':id')
  @HttpCode(200)
  async revoke(@Param('id', id()) integrationId: string) {
    const revoked = await revokeIntegration(this.dataSource.manager, integrationId, this.clock.now());
    if (!revoked) throw new NotFoundException(`no integration with id ${integrationId}`);
    return integrationView(revoked);
  }

  private async checkComponents(ids: string[]): Promise<void> {
    const unknown = await this.components.unknownIds([...new Set(ids)]);
    if (unknown.length) throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: `componentMatchers: unknown component id(s): ${unknown.join(', ')}`, fields: [{ field: 'componentMatchers', reason: `unknown component id(s): ${unknown.join(', ')}` }] });
  }
}
