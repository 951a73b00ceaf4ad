import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { Principal, Roles } from '@sitrep/auth';
import { ApiZodBody, ZodBodyPipe } from '@sitrep/platform';
import { actorOf } from '../access/actor';
import { CurrentPrincipal } from '../access/current-principal.decorator';
import { ScheduleMaintenanceBody, scheduleMaintenanceBody } from './maintenance-rules';
import { MaintenancesService } from './maintenances.service';

@Controller('api/v1/maintenances')
export class MaintenancesController {
  constructor(private readonly maintenances: MaintenancesService) {}

  @ApiOperation({ summary: 'Schedule a maintenance window', description: 'Started and completed by the clock; comms drafts a notice at each step.' })
  @Post()
  @HttpCode(201)
  @Roles('responder')
  @ApiZodBody(scheduleMaintenanceBody)
  schedule(@Body(new ZodBodyPipe(scheduleMaintenanceBody)) body: ScheduleMaintenanceBody, @CurrentPrincipal() p: Principal) {
    return this.maintenances.schedule(body, actorOf(p));
  }

  @ApiOperation({ summary: 'List maintenance windows' })
  @Get()
  @Roles('responder', 'comms_lead', 'viewer', 'automation')
  async list() {
    return { maintenances: await this.maintenances.list() };
  }

  @ApiOperation({ summary: 'Cancel a maintenance window' })
  @Post(':id/cancel')
  @HttpCode(200)
  @Roles('responder')
  cancel(@Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 400 })) id: string, @CurrentPrincipal() p: Principal) {
    return this.maintenances.cancel(id, actorOf(p));
  }
}
