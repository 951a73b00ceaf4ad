import { BadRequestException, Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { Principal, Roles } from '@sitrep/auth';
import { IncidentRole, incidentRoleSchema } from '@sitrep/contracts';
import { ApiZodBody, ZodBodyPipe } from '@sitrep/platform';
import { z } from 'zod';
import { actorOf } from '../access/actor';
import { CurrentPrincipal } from '../access/current-principal.decorator';
import { DeclareIncidentBody, declareIncidentBody } from './declare-incident';
import * as bodies from './incident-commands.schemas';
import { IncidentCommandsService } from './incident-commands.service';
import { IncidentsService } from './incidents.service';

const id = () => new ParseUUIDPipe({ errorHttpStatusCode: 400, exceptionFactory: () => new BadRequestException({ statusCode: 400, error: 'Bad Request', message: 'id: must be an incident id (a UUID)', fields: [{ field: 'id', reason: 'must be an incident id (a UUID)' }] }) });
type B<S extends z.ZodTypeAny> = z.infer<S>;
const READERS = ['responder', 'comms_lead', 'viewer', 'automation'] as const;

/**
 * The incident-command API. Who may call each route by token role is declared here; who may act on a
 * particular incident (its commander, its sponsor) is checked by the service against the incident's roles.
 */
@Controller('api/v1/incidents')
export class IncidentsController {
  constructor(
    private readonly incidents: IncidentsService,
    private readonly commands: IncidentCommandsService,
  ) {}

  @Post()
  @HttpCode(201)
  @Roles('responder', 'automation')
  @ApiZodBody(declareIncidentBody)
  declare(@Body(new ZodBodyPipe(declareIncidentBody)) body: DeclareIncidentBody, @CurrentPrincipal() p: Principal) {
    return this.incidents.declare(body, actorOf(p), p.personId);
  }

  @Get()
  @Roles(...READERS)
  async list() {
    return { incidents: await this.incidents.list() };
  }

  @Get(':id')
  @Roles(...READERS)
  get(@Param('id', id()) incidentId: string) {
    return this.incidents.get(incidentId);
  }

  @Get(':id/timeline')
  @Roles('responder', 'comms_lead', 'viewer')
  async timeline(@Param('id', id()) incidentId: string) {
    return { timeline: await this.incidents.timeline(incidentId) };
  }

  @Get(':id/deadlines')
  @Roles(...READERS)
  async deadlines(@Param('id', id()) incidentId: string) {
    return { deadlines: await this.incidents.deadlines(incidentId) };
  }

  @Get(':id/escalations')
  @Roles(...READERS)
  async escalations(@Param('id', id()) incidentId: string) {
    return { escalations: await this.incidents.escalations(incidentId) };
  }

  @Post(':id/status')
  @HttpCode(200)
  @Roles('responder')
  @ApiZodBody(bodies.statusChangeBody)
  status(@Param('id', id()) incidentId: string, @Body(new ZodBodyPipe(bodies.statusChangeBody)) body: B<typeof bodies.statusChangeBody>, @CurrentPrincipal() p: Principal) {
    return this.commands.changeStatus(incidentId, p, body);
  }

  @Post(':id/severity')
  @HttpCode(200)
  @Roles('responder')
  @ApiZodBody(bodies.severityChangeBody)
  severity(@Param('id', id()) incidentId: string, @Body(new ZodBodyPipe(bodies.severityChangeBody)) body: B<typeof bodies.severityChangeBody>, @CurrentPrincipal() p: Principal) {
    return this.commands.changeSeverity(incidentId, p, body);
  }

  @Post(':id/duplicate')
  @HttpCode(200)
  @Roles('responder')
  @ApiZodBody(bodies.duplicateBody)
  duplicate(@Param('id', id()) incidentId: string, @Body(new ZodBodyPipe(bodies.duplicateBody)) body: B<typeof bodies.duplicateBody>, @CurrentPrincipal() p: Principal) {
    return this.commands.markDuplicate(incidentId, p, body);
  }

  @Put(':id/roles/:role')
  @Roles('responder')
  @ApiZodBody(bodies.personBody)
  assignRole(
    @Param('id', id()) incidentId: string,
    @Param('role', new ZodBodyPipe(incidentRoleSchema, 'role')) role: IncidentRole,
    @Body(new ZodBodyPipe(bodies.personBody)) body: B<typeof bodies.personBody>,
    @CurrentPrincipal() p: Principal,
  ) {
    return this.commands.assignRole(incidentId, role, p, body);
  }

  @Post(':id/implementers')
  @HttpCode(201)
  @Roles('responder')
  @ApiZodBody(bodies.personBody)
  implementer(@Param('id', id()) incidentId: string, @Body(new ZodBodyPipe(bodies.personBody)) body: B<typeof bodies.personBody>, @CurrentPrincipal() p: Principal) {
    return this.commands.addImplementer(incidentId, p, body);
  }

  @Post(':id/assessment')
  @HttpCode(200)
  @Roles('responder')
  @ApiZodBody(bodies.assessmentBody)
  assessment(@Param('id', id()) incidentId: string, @Body(new ZodBodyPipe(bodies.assessmentBody)) body: bodies.AssessmentBody, @CurrentPrincipal() p: Principal) {
    return this.commands.recordAssessment(incidentId, p, body);
  }

  @Post(':id/fix-deployed')
  @HttpCode(200)
  @Roles('responder', 'automation')
  @ApiZodBody(bodies.fixDeployedBody)
  fixDeployed(@Param('id', id()) incidentId: string, @Body(new ZodBodyPipe(bodies.fixDeployedBody)) body: B<typeof bodies.fixDeployedBody>, @CurrentPrincipal() p: Principal) {
    return this.commands.fixDeployed(incidentId, p, body);
  }

  @Post(':id/verifications')
  @HttpCode(200)
  @Roles('responder', 'automation')
  @ApiZodBody(bodies.verificationBody)
  verification(@Param('id', id()) incidentId: string, @Body(new ZodBodyPipe(bodies.verificationBody)) body: B<typeof bodies.verificationBody>, @CurrentPrincipal() p: Principal) {
    return this.commands.recordVerification(incidentId, p, body);
  }

  @Post(':id/signals')
  @HttpCode(200)
  @Roles('responder', 'automation')
  @ApiZodBody(bodies.signalBody)
  signal(@Param('id', id()) incidentId: string, @Body(new ZodBodyPipe(bodies.signalBody)) body: B<typeof bodies.signalBody>, @CurrentPrincipal() p: Principal) {
    return this.commands.recordSignal(incidentId, p, body);
  }

  @Post(':id/resolve')
  @HttpCode(200)
  @Roles('responder')
  resolve(@Param('id', id()) incidentId: string, @CurrentPrincipal() p: Principal) {
    return this.commands.resolve(incidentId, p);
  }

  @Post(':id/reopen')
  @HttpCode(200)
  @Roles('responder')
  @ApiZodBody(bodies.noteBody)
  reopen(@Param('id', id()) incidentId: string, @Body(new ZodBodyPipe(bodies.noteBody)) body: B<typeof bodies.noteBody>, @CurrentPrincipal() p: Principal) {
    return this.commands.reopen(incidentId, p, { reason: body.text });
  }

  @Post(':id/close')
  @HttpCode(200)
  @Roles('responder')
  close(@Param('id', id()) incidentId: string, @CurrentPrincipal() p: Principal) {
    return this.commands.close(incidentId, p);
  }

  @Post(':id/executive-updates')
  @HttpCode(201)
  @Roles('responder')
  @ApiZodBody(bodies.executiveUpdateBody)
  executiveUpdate(@Param('id', id()) incidentId: string, @Body(new ZodBodyPipe(bodies.executiveUpdateBody)) body: B<typeof bodies.executiveUpdateBody>, @CurrentPrincipal() p: Principal) {
    return this.commands.executiveUpdate(incidentId, p, body);
  }

  @Post(':id/ticket-volume')
  @HttpCode(200)
  @Roles('responder', 'automation')
  @ApiZodBody(bodies.ticketVolumeBody)
  ticketVolume(@Param('id', id()) incidentId: string, @Body(new ZodBodyPipe(bodies.ticketVolumeBody)) body: B<typeof bodies.ticketVolumeBody>, @CurrentPrincipal() p: Principal) {
    return this.commands.ticketVolume(incidentId, p, body);
  }

  @Post(':id/media-attention')
  @HttpCode(200)
  @Roles('responder', 'comms_lead')
  @ApiZodBody(bodies.mediaAttentionBody)
  media(@Param('id', id()) incidentId: string, @Body(new ZodBodyPipe(bodies.mediaAttentionBody)) body: B<typeof bodies.mediaAttentionBody>, @CurrentPrincipal() p: Principal) {
    return this.commands.mediaAttention(incidentId, p, body);
  }

  @Post(':id/compensations')
  @HttpCode(201)
  @Roles('responder')
  @ApiZodBody(bodies.compensationBody)
  compensation(@Param('id', id()) incidentId: string, @Body(new ZodBodyPipe(bodies.compensationBody)) body: B<typeof bodies.compensationBody>, @CurrentPrincipal() p: Principal) {
    return this.commands.authoriseCompensation(incidentId, p, body);
  }

  @Post(':id/notes')
  @HttpCode(201)
  @Roles('responder', 'comms_lead')
  @ApiZodBody(bodies.noteBody)
  note(@Param('id', id()) incidentId: string, @Body(new ZodBodyPipe(bodies.noteBody)) body: B<typeof bodies.noteBody>, @CurrentPrincipal() p: Principal) {
    return this.commands.addNote(incidentId, p, body);
  }
}
