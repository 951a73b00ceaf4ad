import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { Principal, Roles } from '@sitrep/auth';
import { ZodBodyPipe } from '@sitrep/platform';
import { actorOf } from '../access/actor';
import { CurrentPrincipal } from '../access/current-principal.decorator';
import { DeclareIncidentBody, declareIncidentBody } from './declare-incident';
import { IncidentsService } from './incidents.service';

@Controller('api/v1/incidents')
export class IncidentsController {
  constructor(private readonly incidents: IncidentsService) {}

  @Post()
  @HttpCode(201)
  @Roles('responder', 'automation')
  async declare(@Body(new ZodBodyPipe(declareIncidentBody)) body: DeclareIncidentBody, @CurrentPrincipal() principal: Principal) {
    return this.incidents.declare(body, actorOf(principal));
  }

  @Get()
  @Roles('responder', 'comms_lead', 'viewer', 'automation')
  async list() {
    return { incidents: await this.incidents.list() };
  }

  @Get(':id')
  @Roles('responder', 'comms_lead', 'viewer', 'automation')
  async get(@Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 400 })) id: string) {
    return this.incidents.get(id);
  }
}
