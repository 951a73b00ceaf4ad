import { BadRequestException, Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
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

  @ApiOperation({ summary: 'Declare an incident', description: 'Gives it a reference (INC-0001), names the commander (the on-call one unless given) and the executive sponsor of a P1, and starts its clocks.' })
  @Post()
  @HttpCode(201)
  @Roles('responder', 'automation')
  @ApiZodBody(bodies.declareBody)
  declare(@Body(new ZodBodyPipe(bodies.declareBody)) body: B<typeof bodies.declareBody>, @CurrentPrincipal() p: P) {
    return this.commands.execute('declare', callerFromToken(p), null, body);
  }

  @ApiOperation({ summary: 'List incidents' })
  @Get()
  @Roles(...READERS)
  async list() {
    return { incidents: await this.incidents.list() };
  }

  @ApiOperation({ summary: 'Get an incident' })
  @Get(':id')
  @Roles(...READERS)
  get(@Param('id', id()) incidentId: string) {
    return this.incidents.get(incidentId);
  }

  @ApiOperation({ summary: 'Read an incident\'s timeline', description: 'The append-only record of everything that happened, oldest first.' })
  @Get(':id/timeline')
  @Roles('responder', 'comms_lead', 'viewer')
  async timeline(@Param('id', id()) incidentId: string) {
    return { timeline: await this.incidents.timeline(incidentId) };
  }

  @ApiOperation({ summary: 'List an incident\'s clocks', description: 'Each clock with its due time and whether it was met, warned, due or breached.' })
  @Get(':id/deadlines')
  @Roles(...READERS)
  async deadlines(@Param('id', id()) incidentId: string) {
    return { deadlines: await this.incidents.deadlines(incidentId) };
  }

  @ApiOperation({ summary: 'List an incident\'s escalations' })
  @Get(':id/escalations')
  @Roles(...READERS)
  async escalations(@Param('id', id()) incidentId: string) {
    return { escalations: await this.incidents.escalations(incidentId) };
  }

  @ApiOperation({ summary: 'Change an incident\'s status', description: 'A move the lifecycle does not allow is refused with 409 and the reason.' })
  @Post(':id/status')
  @HttpCode(200)
  @Roles('responder')
  @ApiZodBody(bodies.statusBody)
  status(@Param('id', id()) incidentId: string, @Body(new ZodBodyPipe(bodies.statusBody)) body: B<typeof bodies.statusBody>, @CurrentPrincipal() p: Principal) {
    return this.commands.execute('change_status', callerFromToken(p), incidentId, body);
  }

  @ApiOperation({ summary: 'Change an incident\'s severity', description: 'Raising a P3/P4 to P1/P2 starts the major-incident clocks and pages.' })
  @Post(':id/severity')
  @HttpCode(200)
  @Roles('responder')
  @ApiZodBody(bodies.severityBody)
  severity(@Param('id', id()) incidentId: string, @Body(new ZodBodyPipe(bodies.severityBody)) body: B<typeof bodies.severityBody>, @CurrentPrincipal() p: Principal) {
    return this.commands.execute('change_severity', callerFromToken(p), incidentId, body);
  }

  @ApiOperation({ summary: 'Mark an incident as a duplicate of another' })
  @Post(':id/duplicate')
  @HttpCode(200)
  @Roles('responder')
  @ApiZodBody(bodies.duplicateBody)
  duplicate(@Param('id', id()) incidentId: string, @Body(new ZodBodyPipe(bodies.duplicateBody)) body: B<typeof bodies.duplicateBody>, @CurrentPrincipal() p: Principal) {
    return this.commands.execute('mark_duplicate', callerFromToken(p), incidentId, body);
  }

  @ApiOperation({ summary: 'Assign a role', description: 'Hands the role over to a person; the commander can never also implement the fix (409).' })
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

  @ApiOperation({ summary: 'Add a fix implementer', description: 'Refused with 409 for the incident commander.' })
  @Post(':id/implementers')
  @HttpCode(201)
  @Roles('responder')
  @ApiZodBody(bodies.personBody)
  implementer(@Param('id', id()) incidentId: string, @Body(new ZodBodyPipe(bodies.personBody)) body: B<typeof bodies.personBody>, @CurrentPrincipal() p: Principal) {
    return this.commands.execute('add_implementer', callerFromToken(p), incidentId, body);
  }

  @ApiOperation({ summary: 'Add components to an incident', description: 'The components it affects; comms redrafts a waiting first notice with them.' })
  @Post(':id/components')
  @HttpCode(200)
  @Roles('responder', 'automation')
  @ApiZodBody(bodies.componentsBody)
  components(@Param('id', id()) incidentId: string, @Body(new ZodBodyPipe(bodies.componentsBody)) body: B<typeof bodies.componentsBody>, @CurrentPrincipal() p: Principal) {
    return this.commands.execute('add_components', callerFromToken(p), incidentId, body);
  }

  @ApiOperation({ summary: 'Record the impact assessment', description: 'Meets the assessment clock.' })
  @Post(':id/assessment')
  @HttpCode(200)
  @Roles('responder')
  @ApiZodBody(bodies.assessmentBody)
  assessment(@Param('id', id()) incidentId: string, @Body(new ZodBodyPipe(bodies.assessmentBody)) body: B<typeof bodies.assessmentBody>, @CurrentPrincipal() p: Principal) {
    return this.commands.execute('record_assessment', callerFromToken(p), incidentId, body);
  }

  @ApiOperation({ summary: 'Record that a fix was deployed', description: 'Moves the incident to monitoring and starts the stability window.' })
  @Post(':id/fix-deployed')
  @HttpCode(200)
  @Roles('responder', 'automation')
  @ApiZodBody(bodies.fixDeployedBody)
  fixDeployed(@Param('id', id()) incidentId: string, @Body(new ZodBodyPipe(bodies.fixDeployedBody)) body: B<typeof bodies.fixDeployedBody>, @CurrentPrincipal() p: Principal) {
    return this.commands.execute('fix_deployed', callerFromToken(p), incidentId, body);
  }

  @ApiOperation({ summary: 'Record a fix verification' })
  @Post(':id/verifications')
  @HttpCode(200)
  @Roles('responder', 'automation')
  @ApiZodBody(bodies.verificationBody)
  verification(@Param('id', id()) incidentId: string, @Body(new ZodBodyPipe(bodies.verificationBody)) body: B<typeof bodies.verificationBody>, @CurrentPrincipal() p: Principal) {
    return this.commands.execute('record_verification', callerFromToken(p), incidentId, body);
  }

  @ApiOperation({ summary: 'Record a health signal', description: 'An unhealthy signal restarts the stability window; during the recovery watch it flags a possible recurrence.' })
  @Post(':id/signals')
  @HttpCode(200)
  @Roles('responder', 'automation')
  @ApiZodBody(bodies.signalBody)
  signal(@Param('id', id()) incidentId: string, @Body(new ZodBodyPipe(bodies.signalBody)) body: B<typeof bodies.signalBody>, @CurrentPrincipal() p: Principal) {
    return this.commands.execute('record_signal', callerFromToken(p), incidentId, body);
  }

  @ApiOperation({ summary: 'Resolve an incident', description: 'Commander only; refused with 409 and the reason until the fix is verified and stable for the window. Starts the recovery watch.' })
  @Post(':id/resolve')
  @HttpCode(200)
  @Roles('responder')
  resolve(@Param('id', id()) incidentId: string, @CurrentPrincipal() p: Principal) {
    return this.commands.execute('resolve', callerFromToken(p), incidentId, {});
  }

  @ApiOperation({ summary: 'Reopen a resolved incident' })
  @Post(':id/reopen')
  @HttpCode(200)
  @Roles('responder')
  @ApiZodBody(bodies.noteBody)
  reopen(@Param('id', id()) incidentId: string, @Body(new ZodBodyPipe(bodies.noteBody)) body: B<typeof bodies.noteBody>, @CurrentPrincipal() p: Principal) {
    return this.commands.execute('reopen', callerFromToken(p), incidentId, { reason: body.text });
  }

  @ApiOperation({ summary: 'Close an incident', description: 'Commander only, after the recovery watch.' })
  @Post(':id/close')
  @HttpCode(200)
  @Roles('responder')
  close(@Param('id', id()) incidentId: string, @CurrentPrincipal() p: Principal) {
    return this.commands.execute('close', callerFromToken(p), incidentId, {});
  }

  @ApiOperation({ summary: 'Acknowledge a page', description: 'The caller acknowledges being paged for this incident.' })
  @Post(':id/page-acknowledgements')
  @HttpCode(201)
  @Roles('responder')
  acknowledgePage(@Param('id', id()) incidentId: string, @CurrentPrincipal() p: Principal) {
    return this.commands.execute('acknowledge_page', callerFromToken(p), incidentId, {});
  }

  @ApiOperation({ summary: 'Send the executive sponsor an update', description: 'Meets the executive-update clock; comms delivers it to the sponsor by email and Slack.' })
  @Post(':id/executive-updates')
  @HttpCode(201)
  @Roles('responder')
  @ApiZodBody(bodies.executiveUpdateBody)
  executiveUpdate(@Param('id', id()) incidentId: string, @Body(new ZodBodyPipe(bodies.executiveUpdateBody)) body: B<typeof bodies.executiveUpdateBody>, @CurrentPrincipal() p: Principal) {
    return this.commands.execute('send_executive_update', callerFromToken(p), incidentId, body);
  }

  @ApiOperation({ summary: 'Report support ticket volume', description: 'Escalates on the support path when the volume passes the policy\'s threshold.' })
  @Post(':id/ticket-volume')
  @HttpCode(200)
  @Roles('responder', 'automation')
  @ApiZodBody(bodies.ticketVolumeBody)
  ticketVolume(@Param('id', id()) incidentId: string, @Body(new ZodBodyPipe(bodies.ticketVolumeBody)) body: B<typeof bodies.ticketVolumeBody>, @CurrentPrincipal() p: Principal) {
    return this.commands.execute('report_ticket_volume', callerFromToken(p), incidentId, body);
  }

  @ApiOperation({ summary: 'Report media attention', description: 'Escalates on the communications path.' })
  @Post(':id/media-attention')
  @HttpCode(200)
  @Roles('responder', 'comms_lead')
  @ApiZodBody(bodies.mediaAttentionBody)
  media(@Param('id', id()) incidentId: string, @Body(new ZodBodyPipe(bodies.mediaAttentionBody)) body: B<typeof bodies.mediaAttentionBody>, @CurrentPrincipal() p: Principal) {
    return this.commands.execute('flag_media_attention', callerFromToken(p), incidentId, body);
  }

  @ApiOperation({ summary: 'Request a customer compensation', description: 'Needs the executive sponsor\'s approval above the ceiling.' })
  @Post(':id/compensations')
  @HttpCode(201)
  @Roles('responder')
  @ApiZodBody(bodies.compensationBody)
  compensation(@Param('id', id()) incidentId: string, @Body(new ZodBodyPipe(bodies.compensationBody)) body: B<typeof bodies.compensationBody>, @CurrentPrincipal() p: Principal) {
    return this.commands.execute('authorise_compensation', callerFromToken(p), incidentId, body);
  }

  @ApiOperation({ summary: 'Add a note to the timeline' })
  @Post(':id/notes')
  @HttpCode(201)
  @Roles('responder', 'comms_lead')
  @ApiZodBody(bodies.noteBody)
  note(@Param('id', id()) incidentId: string, @Body(new ZodBodyPipe(bodies.noteBody)) body: B<typeof bodies.noteBody>, @CurrentPrincipal() p: Principal) {
    return this.commands.execute('add_note', callerFromToken(p), incidentId, body);
  }
}
