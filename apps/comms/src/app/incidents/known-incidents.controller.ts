import { Controller, Get, Inject, NotFoundException, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Roles } from '@sitrep/auth';
import { CannedResponses } from '../templates/canned-responses';
import { KnownIncidentEntity } from './known-incident.entity';

export const STATUS_PAGE_URL = Symbol('StatusPageUrl');

@Controller('api/v1/incidents')
export class KnownIncidentsController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly canned: CannedResponses,
    @Inject(STATUS_PAGE_URL) private readonly statusPageUrl: string,
  ) {}

  /** The support team's canned responses for an incident, the one for its current status first. */
  @ApiOperation({ summary: 'Get an incident\'s canned responses', description: 'The support team\'s answers for the incident, the one for its current status first.' })
  @Get(':id/canned-responses')
  @Roles('comms_lead', 'responder', 'viewer')
  async cannedResponses(@Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 400 })) id: string) {
    const incident = await this.dataSource.getRepository(KnownIncidentEntity).findOneBy({ id });
    if (!incident) throw new NotFoundException(`comms has not heard of incident ${id}`);
    return this.canned.forIncident({ reference: incident.reference, subject: incident.title, severity: incident.severity, statusPageUrl: this.statusPageUrl }, incident.status);
  }

  /** The incidents comms has heard of, newest first. */
  @ApiOperation({ summary: 'List the incidents comms has heard of' })
  @Get()
  @Roles('comms_lead', 'responder', 'viewer', 'automation')
  async list() {
    const rows = await this.dataSource.getRepository(KnownIncidentEntity).find({ order: { declaredAt: 'DESC' }, take: 200 });
    return {
      incidents: rows.map((r) => ({
        id: r.id,
        reference: r.reference,
        title: r.title,
        severity: r.severity,
        declaredAt: r.declaredAt.toISOString(),
        heardAt: r.heardAt.toISOString(),
      })),
    };
  }
}
