import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { Principal, Roles } from '@sitrep/auth';
import { ApiZodBody, ZodBodyPipe } from '@sitrep/platform';
import { actorOf } from '../access/actor';
import { CurrentPrincipal } from '../access/current-principal.decorator';
import { ComponentsService } from './components.service';
import { CreateComponentBody, createComponentBody } from './create-component';

@Controller('api/v1/components')
export class ComponentsController {
  constructor(private readonly components: ComponentsService) {}

  @ApiOperation({ summary: 'List the components', description: 'The catalogue the status page shows, in display order.' })
  @Get()
  @Roles('responder', 'comms_lead', 'viewer', 'automation')
  async list() {
    return { components: await this.components.list() };
  }

  @ApiOperation({ summary: 'Add a component' })
  @Post()
  @HttpCode(201)
  @ApiZodBody(createComponentBody)
  async create(@Body(new ZodBodyPipe(createComponentBody)) body: CreateComponentBody, @CurrentPrincipal() principal: Principal) {
    return this.components.create(body, actorOf(principal));
  }
}
