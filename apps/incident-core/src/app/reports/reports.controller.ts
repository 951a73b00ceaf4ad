import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { Roles } from '@sitrep/auth';
import { saneMonthSchema } from '@sitrep/contracts';
import { ZodBodyPipe } from '@sitrep/platform';
import { z } from 'zod';
import { renderCsv, renderHtml } from './monthly-report-render';
import { ReportsService } from './reports.service';

const monthQuery = z.object({ month: saneMonthSchema.optional() });
type MonthQuery = z.infer<typeof monthQuery>;
const READERS = ['responder', 'comms_lead', 'viewer'] as const;

/** The monthly operations report: JSON, CSV (one row per incident) and an internal HTML page with charts. */
@Controller('api/v1/reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @ApiOperation({ summary: 'Get the monthly operations report' })
  @Get('monthly')
  @Roles(...READERS)
  monthly(@Query(new ZodBodyPipe(monthQuery, 'query')) query: MonthQuery) {
    return this.reports.monthly(query.month);
  }

  @ApiOperation({ summary: 'Get the monthly operations report as CSV' })
  @Get('monthly.csv')
  @Roles(...READERS)
  @Header('content-type', 'text/csv; charset=utf-8')
  async csv(@Query(new ZodBodyPipe(monthQuery, 'query')) query: MonthQuery) {
    return renderCsv(await this.reports.monthly(query.month));
  }

  @ApiOperation({ summary: 'Get the monthly operations report as HTML', description: 'With SVG charts.' })
  @Get('monthly.html')
  @Roles(...READERS)
  @Header('content-type', 'text/html; charset=utf-8')
  async html(@Query(new ZodBodyPipe(monthQuery, 'query')) query: MonthQuery) {
    return renderHtml(await this.reports.monthly(query.month));
  }
}
