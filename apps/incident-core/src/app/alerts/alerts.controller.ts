import { BadRequestException, Body, Controller, Get, HttpCode, NotFoundException, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Principal, Roles } from '@sitrep/auth';
import type { DeclareFromAlertsInput } from '@sitrep/contracts';
import { ApiZodBody, ZodBodyPipe } from '@sitrep/platform';
import { CurrentPrincipal } from '../access/current-principal.decorator';
import { callerFromToken } from '../commands/kernel/caller';
import { CommandExecutor } from '../commands/kernel/command-executor';
import { declareFromAlertsInput } from '../commands/declare-from-alerts.command';
import { alertListQuery } from './alert-list-query';
import { listAlerts } from './alert-store';

const READERS = ['responder', 'comms_lead', 'viewer', 'automation'] as const;
const incidentId = () =>
  new ParseUUIDPipe({ errorHttpStatusCode: 400, exceptionFactory: () => new BadRequestException({ statusCode: 400, error: 'Bad Request', message: 'id: must be an incident id (a UUID)', fields: [{ field: 'id', reason: 'must be an incident id (a UUID)' }] }) });

/** Alerts as records: the list, an incident's alerts, and the door to declaring from alerts the rules left waiting. */
@Controller('api/v1')
export class AlertsController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly commands: CommandExecutor,
  ) {}

  @ApiOperation({ summary: 'List alerts' })
  @Get('alerts')
  @Roles(...READERS)
  async list(@Query(new ZodBodyPipe(alertListQuery, '(query)')) query: ReturnType<typeof alertListQuery.parse>) {
    return { alerts: await listAlerts(this.dataSource.manager, query) };
  }

  @ApiOperation({ summary: 'List an incident\'s linked alerts' })
  @Get('incidents/:id/alerts')
  @Roles(...READERS)
  async ofIncident(@Param('id', incidentId()) id: string) {
    const [found] = await this.dataSource.query(`SELECT 1 FROM core.incidents WHERE id = $1`, [id]);
    if (!found) throw new NotFoundException(`no incident with id ${id}`);
    return { alerts: await listAlerts(this.dataSource.manager, { incidentId: id, limit: 1000 }) };
  }

  @ApiOperation({ summary: 'Declare an incident from alerts', description: 'Links the given alerts to the new incident.' })
  @Post('alerts/declare-incident')
  @HttpCode(201)
  @Roles('responder')
  @ApiZodBody(declareFromAlertsInput)
  declare(@Body(new ZodBodyPipe(declareFromAlertsInput)) body: DeclareFromAlertsInput, @CurrentPrincipal() principal: Principal) {
    // The command served on NATS as commands.declare_from_alerts too (Slack, the console).
    return this.commands.execute('declare_from_alerts', callerFromToken(principal), null, body);
  }
}
