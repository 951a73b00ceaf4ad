import { BadRequestException, Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { Principal, Roles } from '@sitrep/auth';
import { IncidentRole, incidentRoleSchema } from '@sitrep/contracts';
import { ApiZodBody, ZodBodyPipe } from '@sitrep/platform';
import { z } from 'zod';
import { CurrentPrincipal } from '../access/current-principal.decorator';
import * as bodies from '../commands/http-bodies';
import { callerFromToken } from '../commands/kernel/caller';
import { CommandExecutor } from '../commands/kernel/command-executor';
import { IncidentsService } from './incidents.service';

const id = () => new ParseUUIDPipe({ errorHttpStatusCode: 400, exceptionFactory: () => new BadRequestException({ statusCode: 400, error: 'Bad Request', message: 'id: must be an incident id (a UUID)', fields: [{ field: 'id', reason: 'must be an incident id (a UUID)' }] }) });
type B<S extends z.ZodTypeAny> = z.infer<S>;
type P = Principal;
const READERS = ['responder', 'comms_lead', 'viewer', 'automation'] as const;

/**
 * The incident-command API. Every change goes through the command executor, which NATS callers use too;
 * the token roles declared here repeat each command's own (the guard answers before the body is read).
 */
@Controller('api/v1/incidents')
export class IncidentsController {
  constructor(
    private readonly incidents: IncidentsService,
    private readonly commands: CommandExecutor,
  ) {}

  @Post()
  @HttpCode(201)
  @Roles('responder', 'automation')
  @ApiZodBody(bodies.declareBody)
  declare(@Body(new ZodBodyPipe(bodies.declareBody)) body: B<typeof bodies.declareBody>, @CurrentPrincipal() p: P) {
    return this.commands.execute('declare', callerFromToken(p), null, body);
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
  @ApiZodBody(bodies.statusBody)
  status(@Param('id', id()) incidentId: string, @Body(new ZodBodyPipe(bodies.statusBody)) body: B<typeof bodies.statusBody>, @CurrentPrincipal() p: Principal) {
    return this.commands.execute('change_status', callerFromToken(p), incidentId, body);
  }

  @Post(':id/severity')
  @HttpCode(200)
  @Roles('responder')
  @ApiZodBody(bodies.severityBody)
  severity(@Param('id', id()) incidentId: string, @Body(new ZodBodyPipe(bodies.severityBody)) body: B<typeof bodies.severityBody>, @CurrentPrincipal() p: Principal) {
    return this.commands.execute('change_severity', callerFromToken(p), incidentId, body);
  }

  @Post(':id/duplicate')
  @HttpCode(200)
  @Roles('responder')
  @ApiZodBody(bodies.duplicateBody)
  duplicate(@Param('id', id()) incidentId: string, @Body(new ZodBodyPipe(bodies.duplicateBody)) body: B<typeof bodies.duplicateBody>, @CurrentPrincipal() p: Principal) {
    return this.commands.execute('mark_duplicate', callerFromToken(p), incidentId, body);
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
    return this.commands.execute('assign_role', callerFromToken(p), incidentId, { role, ...body });
  }

  @Post(':id/implementers')
  @HttpCode(201)
  @Roles('responder')
  @ApiZodBody(bodies.personBody)
  implementer(@Param('id', id()) incidentId: string, @Body(new ZodBodyPipe(bodies.personBody)) body: B<typeof bodies.personBody>, @CurrentPrincipal() p: Principal) {
    return this.commands.execute('add_implementer', callerFromToken(p), incidentId, body);
  }

  @Post(':id/components')
  @HttpCode(200)
  @Roles('responder', 'automation')
  @ApiZodBody(bodies.componentsBody)
  components(@Param('id', id()) incidentId: string, @Body(new ZodBodyPipe(bodies.componentsBody)) body: B<typeof bodies.componentsBody>, @CurrentPrincipal() p: Principal) {
    return this.commands.execute('add_components', callerFromToken(p), incidentId, body);
  }

  @Post(':id/assessment')
  @HttpCode(200)
  @Roles('responder')
  @ApiZodBody(bodies.assessmentBody)
  assessment(@Param('id', id()) incidentId: string, @Body(new ZodBodyPipe(bodies.assessmentBody)) body: B<typeof bodies.assessmentBody>, @CurrentPrincipal() p: Principal) {
    return this.commands.execute('record_assessment', callerFromToken(p), incidentId, body);
  }

  @Post(':id/fix-deployed')
  @HttpCode(200)
  @Roles('responder', 'automation')
  @ApiZodBody(bodies.fixDeployedBody)
  fixDeployed(@Param('id', id()) incidentId: string, @Body(new ZodBodyPipe(bodies.fixDeployedBody)) body: B<typeof bodies.fixDeployedBody>, @CurrentPrincipal() p: Principal) {
    return this.commands.execute('fix_deployed', callerFromToken(p), incidentId, body);
  }

  @Post(':id/verifications')
  @HttpCode(200)
  @Roles('responder', 'automation')
  @ApiZodBody(bodies.verificationBody)
  verification(@Param('id', id()) incidentId: string, @Body(new ZodBodyPipe(bodies.verificationBody)) body: B<typeof bodies.verificationBody>, @CurrentPrincipal() p: Principal) {
    return this.commands.execute('record_verification', callerFromToken(p), incidentId, body);
  }

  @Post(':id/signals')
  @HttpCode(200)
  @Roles('responder', 'automation')
  @ApiZodBody(bodies.signalBody)
  signal(@Param('id', id()) incidentId: string, @Body(new ZodBodyPipe(bodies.signalBody)) body: B<typeof bodies.signalBody>, @CurrentPrincipal() p: Principal) {
    return this.commands.execute('record_signal', callerFromToken(p), incidentId, body);
  }

  @Post(':id/resolve')
  @HttpCode(200)
  @Roles('responder')
  resolve(@Param('id', id()) incidentId: string, @CurrentPrincipal() p: Principal) {
    return this.commands.execute('resolve', callerFromToken(p), incidentId, {});
  }

  @Post(':id/reopen')
  @HttpCode(200)
  @Roles('responder')
  @ApiZodBody(bodies.noteBody)
  reopen(@Param('id', id()) incidentId: string, @Body(new ZodBodyPipe(bodies.noteBody)) body: B<typeof bodies.noteBody>, @CurrentPrincipal() p: Principal) {
    return this.commands.execute('reopen', callerFromToken(p), incidentId, { reason: body.text });
  }

  @Post(':id/close')
  @HttpCode(200)
  @Roles('responder')
  close(@Param('id', id()) incidentId: string, @CurrentPrincipal() p: Principal) {
    return this.commands.execute('close', callerFromToken(p), incidentId, {});
  }

  @Post(':id/page-acknowledgements')
  @HttpCode(201)
  @Roles('responder')
  acknowledgePage(@Param('id', id()) incidentId: string, @CurrentPrincipal() p: Principal) {
    return this.commands.execute('acknowledge_page', callerFromToken(p), incidentId, {});
  }

  @Post(':id/executive-updates')
  @HttpCode(201)
  @Roles('responder')
  @ApiZodBody(bodies.executiveUpdateBody)
  executiveUpdate(@Param('id', id()) incidentId: string, @Body(new ZodBodyPipe(bodies.executiveUpdateBody)) body: B<typeof bodies.executiveUpdateBody>, @CurrentPrincipal() p: Principal) {
    return this.commands.execute('send_executive_update', callerFromToken(p), incidentId, body);
  }

  @Post(':id/ticket-volume')
  @HttpCode(200)
  @Roles('responder', 'automation')
  @ApiZodBody(bodies.ticketVolumeBody)
  ticketVolume(@Param('id', id()) incidentId: string, @Body(new ZodBodyPipe(bodies.ticketVolumeBody)) body: B<typeof bodies.ticketVolumeBody>, @CurrentPrincipal() p: Principal) {
    return this.commands.execute('report_ticket_volume', callerFromToken(p), incidentId, body);
  }

  @Post(':id/media-attention')
  @HttpCode(200)
  @Roles('responder', 'comms_lead')
  @ApiZodBody(bodies.mediaAttentionBody)
  media(@Param('id', id()) incidentId: string, @Body(new ZodBodyPipe(bodies.mediaAttentionBody)) body: B<typeof bodies.mediaAttentionBody>, @CurrentPrincipal() p: Principal) {
    return this.commands.execute('flag_media_attention', callerFromToken(p), incidentId, body);
  }

  @Post(':id/compensations')
  @HttpCode(201)
  @Roles('responder')
  @ApiZodBody(bodies.compensationBody)
  compensation(@Param('id', id()) incidentId: string, @Body(new ZodBodyPipe(bodies.compensationBody)) body: B<typeof bodies.compensationBody>, @CurrentPrincipal() p: Principal) {
    return this.commands.execute('authorise_compensation', callerFromToken(p), incidentId, body);
  }

  @Post(':id/notes')
  @HttpCode(201)
  @Roles('responder', 'comms_lead')
  @ApiZodBody(bodies.noteBody)
  note(@Param('id', id()) incidentId: string, @Body(new ZodBodyPipe(bodies.noteBody)) body: B<typeof bodies.noteBody>, @CurrentPrincipal() p: Principal) {
    return this.commands.execute('add_note', callerFromToken(p), incidentId, body);
  }
}
