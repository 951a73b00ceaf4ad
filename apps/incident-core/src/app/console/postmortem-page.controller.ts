import { BadRequestException, Controller, ForbiddenException, Get, Param, ParseUUIDPipe, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '@sitrep/auth';
import { actionItemPrioritySchema, actionItemStatusSchema } from '@sitrep/contracts';
import { PeopleService } from '../people/people.service';
import { PostmortemsService } from '../postmortems/postmortems.service';
import { SECTION_KEYS, SECTION_TITLES } from '../postmortems/sections';
import { holdsAny } from './console-caller';
import { ConsoleCommands } from './console-commands';
import { ConsoleErrorFilter } from './console-error.filter';
import { redirectWith, refusalText, renderPage } from './console-page';
import { ConsoleSessions } from './console-sessions';
import { ConsoleViews } from './console-views';
import { ConsoleGuard, ConsoleRequest } from './console.guard';
import { lineDiff } from './line-diff';
import { markdownBlocks } from './markdown-blocks';

const uuid = (what: string) => new ParseUUIDPipe({ exceptionFactory: () => new BadRequestException(`That link does not name ${what}.`) });
const READERS = ['responder', 'comms_lead', 'viewer'] as const;

/** The post-mortem as a page (the same Markdown the PDF is made from), its editor with history and diffs, action items, review and publication. */
@Controller('console/incidents/:id/postmortem')
@ApiExcludeController()
@Public()
@UseGuards(ConsoleGuard)
@UseFilters(ConsoleErrorFilter)
export class PostmortemPageController {
  constructor(
    private readonly sessions: ConsoleSessions,
    private readonly views: ConsoleViews,
    private readonly postmortems: PostmortemsService,
    private readonly people: PeopleService,
    private readonly commands: ConsoleCommands,
  ) {}

  private requireReader(request: ConsoleRequest): void {
    if (!holdsAny(request.console!.caller, READERS)) throw new ForbiddenException('Your role may not read post-mortems.');
  }

  @Get()
  async page(@Param('id', uuid('an incident')) id: string, @Req() request: ConsoleRequest, @Res() response: Response): Promise<void> {
    this.requireReader(request);
    const doc = await this.postmortems.document(id);
    const history = await this.postmortems.history(id);
    const allowed = await this.commands.allowed(request.console!.caller, id);
    const people = await this.people.list();
    const published = doc.state === 'published';
    const sections = SECTION_KEYS.map((key) => {
      const versions = history.filter((v) => v.section === key).sort((a, b) => a.version - b.version);
      return {
        key,
        title: SECTION_TITLES[key],
        text: versions.at(-1)?.text ?? '',
        missing: doc.missingForPublish.includes(key),
        versions: versions
          .map((v, index) => ({ version: v.version, author: v.author?.name ?? v.author?.id ?? '', writtenAt: v.writtenAt, diff: lineDiff(index > 0 ? versions[index - 1].text : '', v.text) }))
          .reverse(),
      };
    });
    await renderPage(request, response, this.sessions, this.views, 'postmortem', 'incidents', {
      pageTitle: `Post-mortem ${doc.reference}`,
      doc,
      blocks: markdownBlocks(await this.postmortems.markdown(id)),
      sections,
      may: {
        edit: allowed.has('edit_postmortem_section') && !published,
        addItem: allowed.has('add_action_item'),
        updateItem: allowed.has('update_action_item'),
        review: allowed.has('review_postmortem') && doc.state === 'draft',
        publish: allowed.has('publish_postmortem') && !published,
      },
      items: doc.actionItems.map((item) => ({ ...item, done: item.status === 'done' })),
      people: people.map((p) => ({ id: p.id, name: p.name })),
      priorities: actionItemPrioritySchema.options,
      statuses: actionItemStatusSchema.options,
    });
  }

  @Get('postmortem.md')
  async markdown(@Param('id', uuid('an incident')) id: string, @Req() request: ConsoleRequest, @Res() response: Response): Promise<void> {
    this.requireReader(request);
    response.set({ 'content-type': 'text/markdown; charset=utf-8', 'content-disposition': `attachment; filename="postmortem-${id}.md"` }).send(await this.postmortems.markdown(id));
  }

  @Get('postmortem.pdf')
  async pdf(@Param('id', uuid('an incident')) id: string, @Req() request: ConsoleRequest, @Res() response: Response): Promise<void> {
    this.requireReader(request);
    response.set({ 'content-type': 'application/pdf', 'content-disposition': `attachment; filename="postmortem-${id}.pdf"` }).send(await this.postmortems.pdf(id));
  }

  @Get('review.ics')
  async ics(@Param('id', uuid('an incident')) id: string, @Req() request: ConsoleRequest, @Res() response: Response): Promise<void> {
    this.requireReader(request);
    response.set({ 'content-type': 'text/calendar; charset=utf-8; method=REQUEST', 'content-disposition': `attachment; filename="postmortem-review-${id}.ics"` }).send(await this.postmortems.reviewInvitation(id));
  }

  /** Jira export is an integration call, not a change of the incident: responders may do it, as on the API. */
  @Post('action-items/:itemId/jira')
  async exportToJira(@Param('id', uuid('an incident')) id: string, @Param('itemId', uuid('an action item')) itemId: string, @Req() request: ConsoleRequest, @Res() response: Response): Promise<void> {
    const back = `/console/incidents/${id}/postmortem`;
    if (!holdsAny(request.console!.caller, ['responder'])) throw new ForbiddenException('Only responders export action items to Jira.');
    try {
      const item = await this.postmortems.exportActionItem(id, itemId);
      await redirectWith(request, response, this.sessions, back, { kind: 'success', text: `Exported to Jira as ${item.jira?.key ?? 'an issue'}.` });
    } catch (error) {
      const text = refusalText(error);
      if (!text) throw error;
      await redirectWith(request, response, this.sessions, back, { kind: 'error', text });
    }
  }
}
