import { BadRequestException, Controller, ForbiddenException, Get, Header, Inject, Param, ParseIntPipe, ParseUUIDPipe, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '@sitrep/auth';
import { EventBus, listDeadLetters, replayDeadLetter } from '@sitrep/messaging';
import { EVENT_BUS, ZodBodyPipe } from '@sitrep/platform';
import { z } from 'zod';
import { PeopleService } from '../people/people.service';
import { renderCsv } from '../reports/monthly-report-render';
import { ReportsService } from '../reports/reports.service';
import { TokensService } from '../tokens/tokens.service';
import { ConsoleCaller, holdsAny } from './console-caller';
import { ConsoleErrorFilter } from './console-error.filter';
import { redirectWith, renderPage } from './console-page';
import { ConsoleSessions } from './console-sessions';
import { ConsoleViews } from './console-views';
import { ConsoleGuard, ConsoleRequest } from './console.guard';

const monthQuery = z.object({ month: z.union([z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month as YYYY-MM'), z.literal('')]).optional() }).passthrough();
const READERS = ['responder', 'comms_lead', 'viewer'] as const;

function requireAdmin(caller: ConsoleCaller): void {
  if (!caller.tokenRoles.includes('admin')) throw new ForbiddenException('Only an admin may see this page.');
}

/** People (roster, on-call, escalation contacts), Tokens (revoke), Reports (monthly) and Dead letters (replay). */
@Controller('console')
@ApiExcludeController()
@Public()
@UseGuards(ConsoleGuard)
@UseFilters(ConsoleErrorFilter)
export class DirectoryPagesController {
  constructor(
    private readonly sessions: ConsoleSessions,
    private readonly views: ConsoleViews,
    private readonly people: PeopleService,
    private readonly tokens: TokensService,
    private readonly reports: ReportsService,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
  ) {}

  @Get('people')
  async peoplePage(@Req() request: ConsoleRequest, @Res() response: Response): Promise<void> {
    const people = await this.people.list();
    const contacts = await this.people.listContacts();
    await renderPage(request, response, this.sessions, this.views, 'people', 'people', {
      pageTitle: 'People',
      people: people.map((p) => ({ ...p, roles: p.roles.map((r) => r.replace(/_/g, ' ')).join(', ') })),
      onCall: people.filter((p) => p.onCall),
      contacts: contacts.map((c) => ({ role: c.role.replace(/_/g, ' '), name: c.person.name, email: c.person.email })),
    });
  }

  @Get('tokens')
  async tokensPage(@Req() request: ConsoleRequest, @Res() response: Response): Promise<void> {
    requireAdmin(request.console!.caller);
    const names = new Map((await this.people.list()).map((p) => [p.id, p.name]));
    const tokens = (await this.tokens.list()).map((t) => ({ ...t, person: t.personId ? names.get(t.personId) ?? t.personId : null, self: t.tokenId === request.console!.caller.principal.tokenId }));
    await renderPage(request, response, this.sessions, this.views, 'tokens', 'tokens', { pageTitle: 'Tokens', tokens });
  }

  @Post('tokens/:id/revoke')
  async revoke(@Param('id', new ParseUUIDPipe({ exceptionFactory: () => new BadRequestException('That link does not name a token.') })) id: string, @Req() request: ConsoleRequest, @Res() response: Response): Promise<void> {
    requireAdmin(request.console!.caller);
    await this.tokens.revoke(id, request.console!.caller.principal);
    await redirectWith(request, response, this.sessions, '/console/tokens', { kind: 'success', text: 'Token revoked: its next request is refused (401).' });
  }

  @Get('reports')
  async reportsPage(@Query() query: Record<string, unknown>, @Req() request: ConsoleRequest, @Res() response: Response): Promise<void> {
    if (!holdsAny(request.console!.caller, READERS)) throw new ForbiddenException('Your role may not read reports.');
    const { month } = new ZodBodyPipe(monthQuery, 'query').transform(query) as { month?: string };
    const report = await this.reports.monthly(month || undefined);
    await renderPage(request, response, this.sessions, this.views, 'reports', 'reports', { pageTitle: `Monthly report ${report.month}`, report });
  }

  @Get('reports/monthly.csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  async reportCsv(@Query() query: Record<string, unknown>, @Req() request: ConsoleRequest): Promise<string> {
    if (!holdsAny(request.console!.caller, READERS)) throw new ForbiddenException('Your role may not read reports.');
    const { month } = new ZodBodyPipe(monthQuery, 'query').transform(query) as { month?: string };
    return renderCsv(await this.reports.monthly(month || undefined));
  }

  @Get('dead-letters')
  async deadLettersPage(@Req() request: ConsoleRequest, @Res() response: Response): Promise<void> {
    requireAdmin(request.console!.caller);
    await renderPage(request, response, this.sessions, this.views, 'dead-letters', 'dead-letters', { pageTitle: 'Dead letters', deadLetters: await listDeadLetters(this.bus) });
  }

  @Post('dead-letters/:sequence/replay')
  async replay(@Param('sequence', new ParseIntPipe({ exceptionFactory: () => new BadRequestException('That link does not name a dead letter.') })) sequence: number, @Req() request: ConsoleRequest, @Res() response: Response): Promise<void> {
    requireAdmin(request.console!.caller);
    const replayed = await replayDeadLetter(this.bus, sequence);
    await redirectWith(request, response, this.sessions, '/console/dead-letters', replayed ? { kind: 'success', text: `Replayed dead letter ${sequence} to ${replayed.originalSubject}.` } : { kind: 'error', text: `No dead letter at ${sequence}.` });
  }
}
