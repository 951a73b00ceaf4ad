import { BadRequestException, Controller, Get, HttpException, Inject, Param, ParseUUIDPipe, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '@sitrep/auth';
import { CLOCK, Clock } from '@sitrep/clock';
import { DeclareFromAlertsResult, incidentStatusSchema, severitySchema } from '@sitrep/contracts';
import { ZodBodyPipe } from '@sitrep/platform';
import { sendPage } from '@sitrep/web-session';
import { waitingAlerts } from '../alerts/alert-store';
import { ComponentsService } from '../components/components.service';
import { IncidentsService } from '../incidents/incidents.service';
import { PeopleService } from '../people/people.service';
import { commandInputFromForm, isCommandName } from './command-forms';
import { holdsAny } from './console-caller';
import { ConsoleCommands } from './console-commands';
import { ConsoleErrorFilter } from './console-error.filter';
import { Form, redirectWith, refusalText, renderPage } from './console-page';
import { ConsoleSessions } from './console-sessions';
import { CONSOLE_CSP, ConsoleViews } from './console-views';
import { ConsoleGuard, ConsoleRequest } from './console.guard';
import { incidentListFilter, loadIncidentList } from './incident-list';
import { incidentPageModel, incidentStateModel } from './incident-page';
import { TimelineFeed } from './timeline-feed';
import { WAITING_ALERTS_SHOWN, alertIdsOf, declareFromAlertsDraft } from './waiting-alerts';

const incidentId = () => new ParseUUIDPipe({ exceptionFactory: () => new BadRequestException('That link does not name an incident.') });

/** The incident list (with Declare), an incident's page, its command forms and its live timeline. */
@Controller('console')
@ApiExcludeController()
@Public()
@UseGuards(ConsoleGuard)
@UseFilters(ConsoleErrorFilter)
export class IncidentPagesController {
  constructor(
    private readonly sessions: ConsoleSessions,
    private readonly views: ConsoleViews,
    private readonly commands: ConsoleCommands,
    private readonly incidents: IncidentsService,
    private readonly people: PeopleService,
    private readonly components: ComponentsService,
    private readonly feed: TimelineFeed,
    private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  async list(@Query() query: Record<string, unknown>, @Req() request: ConsoleRequest, @Res() response: Response): Promise<void> {
    const filter = new ZodBodyPipe(incidentListFilter).transform(query) as ReturnType<typeof incidentListFilter.parse>;
    const caller = request.console!.caller;
    const allowed = await this.commands.allowed(caller, null);
    const canDeclare = allowed.has('declare');
    const fromAlerts = allowed.has('declare_from_alerts');
    const waiting = fromAlerts ? (await waitingAlerts(this.dataSource.manager, WAITING_ALERTS_SHOWN)) : { alerts: [], total: 0 };
    // ?alert=<id>&alert=<id>: the Declare form starts from those alerts (the ones still waiting).
    const fromIds = new Set(fromAlerts ? alertIdsOf(query.alert) : []);
    const from = waiting.alerts.filter((a) => fromIds.has(a.id));
    const draft = from.length ? declareFromAlertsDraft(from) : null;
    await renderPage(request, response, this.sessions, this.views, 'incidents', 'incidents', {
      pageTitle: 'Incidents',
      incidents: await loadIncidentList(this.dataSource, filter, this.clock.now()),
      filters: {
        severities: severitySchema.options.map((value) => ({ value, selected: value === filter.severity })),
        statuses: incidentStatusSchema.options.map((value) => ({ value, selected: value === filter.status })),
        month: filter.month ?? '',
      },
      canDeclare,
      waitingAlerts: waiting.alerts.map((a) => ({ ...a, componentNames: a.components.map((c) => c.name).join(', ') })),
      waitingMore: Math.max(0, waiting.total - waiting.alerts.length),
      draft,
      people: canDeclare ? await this.people.list() : [],
      components: canDeclare ? await this.components.list() : [],
    });
  }

  /**
   * Declare, by hand (the declare command) or from alerts waiting for a person (declare_from_alerts, the
   * command the API's POST /api/v1/alerts/declare-incident runs: the incident on the alerts' components,
   * the alerts linked to it, in one transaction).
   */
  @Post('incidents')
  async declare(@Req() request: ConsoleRequest, @Res() response: Response): Promise<void> {
    const form = (request.body ?? {}) as Form;
    const fromAlerts = alertIdsOf(form.alertIds).length > 0;
    try {
      let done: { id: string; reference: string; severity: string; linked: number };
      if (fromAlerts) {
        const result = (await this.commands.execute('declare_from_alerts', request.console!.caller, null, commandInputFromForm('declare_from_alerts', form))) as DeclareFromAlertsResult;
        done = { id: result.incidentId, reference: result.reference, severity: String(form.severity), linked: result.linked };
      } else {
        const incident = (await this.commands.execute('declare', request.console!.caller, null, commandInputFromForm('declare', form))) as { id: string; reference: string; severity: string };
        done = { ...incident, linked: 0 };
      }
      const text = `${done.severity} ${done.reference} declared${done.linked ? ` from ${done.linked} ${done.linked === 1 ? 'alert' : 'alerts'}` : ''}.`;
      await redirectWith(request, response, this.sessions, `/console/incidents/${done.id}`, { kind: 'success', text });
    } catch (error) {
      const text = refusalText(error);
      if (!text) throw error;
      await redirectWith(request, response, this.sessions, '/console', { kind: 'error', text });
    }
  }

  @Get('incidents/:id')
  async incident(@Param('id', incidentId()) id: string, @Query('before') before: unknown, @Req() request: ConsoleRequest, @Res() response: Response): Promise<void> {
    const beforeSeq = typeof before === 'string' && /^\d{1,18}$/.test(before) ? before : null;
    const model = await incidentPageModel({ ...(await this.stateInput(request, id)), beforeSeq });
    await renderPage(request, response, this.sessions, this.views, 'incident', 'incidents', model);
  }

  /**
   * The part of the incident page that changes as people act (status, roles, clocks, alerts, this
   * person's forms), rendered alone: open pages fetch it when a new timeline line arrives and swap it in.
   * The one-time message stays for the next full page.
   */
  @Get('incidents/:id/live')
  async live(@Param('id', incidentId()) id: string, @Req() request: ConsoleRequest, @Res() response: Response): Promise<void> {
    const model = await incidentStateModel(await this.stateInput(request, id));
    sendPage(response, 200, this.views.render('incident-live', { ...model, csrf: request.console!.session.csrfToken }), CONSOLE_CSP);
  }

  private async stateInput(request: ConsoleRequest, id: string) {
    const [people, components, rights] = await Promise.all([this.people.list(), this.components.list(), this.commands.rights(request.console!.caller, id)]);
    return { dataSource: this.dataSource, incidents: this.incidents, people, components, incidentId: id, rights, now: this.clock.now() };
  }

  @Post('incidents/:id/commands/:name')
  async command(@Param('id', incidentId()) id: string, @Param('name') name: string, @Req() request: ConsoleRequest, @Res() response: Response): Promise<void> {
    if (!isCommandName(name) || name === 'declare') throw new BadRequestException(`There is no command called ${name}.`);
    const back = (request.body as Form | undefined)?.returnTo === 'postmortem' ? `/console/incidents/${id}/postmortem` : `/console/incidents/${id}`;
    try {
      await this.commands.execute(name, request.console!.caller, id, commandInputFromForm(name, (request.body ?? {}) as Form));
      await redirectWith(request, response, this.sessions, back, { kind: 'success', text: `Done: ${name.replace(/_/g, ' ')}.` });
    } catch (error) {
      const text = refusalText(error);
      if (!text) throw error;
      await redirectWith(request, response, this.sessions, back, { kind: 'error', text });
    }
  }

  /** Server-Sent Events: each new timeline line of the incident, after the one the page was rendered with. */
  @Get('incidents/:id/events')
  async events(@Param('id', incidentId()) id: string, @Query('after') after: string | undefined, @Req() request: ConsoleRequest, @Res() response: Response): Promise<void> {
    if (!holdsAny(request.console!.caller, ['responder', 'comms_lead', 'viewer', 'automation'])) throw new HttpException('Not allowed', 403);
    await this.incidents.get(id);
    const lastEventId = request.headers['last-event-id'];
    response.status(200).set({ 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-accel-buffering': 'no', connection: 'keep-alive' });
    response.flushHeaders();
    response.write(': timeline of incident ' + id + '\n\n');
    const keepAlive = setInterval(() => response.write(': keep-alive\n\n'), 15_000);
    const unsubscribe = this.feed.subscribe(
      id,
      typeof lastEventId === 'string' ? lastEventId : after ?? '0',
      (line) => response.write(`id: ${line.seq}\nevent: timeline\ndata: ${JSON.stringify(line)}\n\n`),
      () => {
        clearInterval(keepAlive);
        response.end();
      },
    );
    request.on('close', () => {
      clearInterval(keepAlive);
      unsubscribe();
    });
  }
}
