import { Controller, Get } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Roles } from '@sitrep/auth';
import { KnownIncidentEntity } from './known-incident.entity';

@Controller('api/v1/incidents')
export class KnownIncidentsController {
  constructor(private readonly dataSource: DataSource) {}

  /** The incidents comms has heard of, newest first. */
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
