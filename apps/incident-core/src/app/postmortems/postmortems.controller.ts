import { BadRequestException, Body, Controller, Get, Header, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put, StreamableFile } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { Principal, Roles } from '@sitrep/auth';
import { ApiZodBody, ZodBodyPipe } from '@sitrep/platform';
import { CurrentPrincipal } from '../access/current-principal.decorator';
import * as bodies from '../commands/http-bodies';
import { callerFromToken } from '../commands/kernel/caller';
import { CommandExecutor } from '../commands/kernel/command-executor';
import { z } from 'zod';
import { PostmortemsService } from './postmortems.service';
import { SectionKey, sectionKeySchema } from './sections';

const uuid = (field: string, what: string) =>
  new ParseUUIDPipe({
    errorHttpStatusCode: 400,
    exceptionFactory: () => new BadRequestException({ statusCode: 400, error: 'Bad Request', message: `${field}: must be ${what} (a UUID)`, fields: [{ field, reason: `must be ${what} (a UUID)` }] }),
  });
const id = () => uuid('id', 'an incident id');
const itemId = () => uuid('itemId', 'an action item id');
const READERS = ['responder', 'comms_lead', 'viewer'] as const;
const WRITERS = ['responder', 'comms_lead'] as const;

/**
 * The post-mortem of an incident: drafted on resolution, written by people, reviewed and published by
 * the commander. Who may call each route is by token role; review and publication also need the
 * incident's commander (or an admin).
 */
@Controller('api/v1/incidents')
export class PostmortemsController {
  constructor(
    private readonly postmortems: PostmortemsService,
    private readonly commands: CommandExecutor,
  ) {}

  @ApiOperation({ summary: 'Get an incident\'s post-mortem' })
  @Get(':id/postmortem')
  @Roles(...READERS)
  document(@Param('id', id()) incidentId: string) {
    return this.postmortems.document(incidentId);
  }

  @ApiOperation({ summary: 'Get the post-mortem as Markdown' })
  @Get(':id/postmortem.md')
  @Roles(...READERS)
  @Header('content-type', 'text/markdown; charset=utf-8')
  markdown(@Param('id', id()) incidentId: string) {
    return this.postmortems.markdown(incidentId);
  }

  @ApiOperation({ summary: 'Get the post-mortem as PDF' })
  @Get(':id/postmortem.pdf')
  @Roles(...READERS)
  async pdf(@Param('id', id()) incidentId: string) {
    return new StreamableFile(await this.postmortems.pdf(incidentId), { type: 'application/pdf', disposition: `inline; filename="postmortem-${incidentId}.pdf"` });
  }

  @ApiOperation({ summary: 'Get the post-mortem review invitation (iCalendar)' })
  @Get(':id/postmortem/review.ics')
  @Roles(...READERS, 'automation')
  @Header('content-type', 'text/calendar; charset=utf-8; method=REQUEST')
  reviewInvitation(@Param('id', id()) incidentId: string) {
    return this.postmortems.reviewInvitation(incidentId);
  }

  @ApiOperation({ summary: 'Get the external post-mortem', description: 'The version for customers, without names.' })
  @Get(':id/postmortem/external')
  @Roles(...READERS)
  external(@Param('id', id()) incidentId: string) {
    return this.postmortems.external(incidentId);
  }

  @ApiOperation({ summary: 'List the post-mortem\'s versions', description: 'Each edit of a section, kept as a version.' })
  @Get(':id/postmortem/history')
  @Roles(...READERS)
  async history(@Param('id', id()) incidentId: string) {
    return { history: await this.postmortems.history(incidentId) };
  }

  @ApiOperation({ summary: 'Write a post-mortem section' })
  @Put(':id/postmortem/sections/:section')
  @Roles(...WRITERS)
  @ApiZodBody(bodies.sectionBody)
  section(
    @Param('id', id()) incidentId: string,
    @Param('section', new ZodBodyPipe(sectionKeySchema, 'section')) section: SectionKey,
    @Body(new ZodBodyPipe(bodies.sectionBody)) body: z.infer<typeof bodies.sectionBody>,
    @CurrentPrincipal() p: Principal,
  ) {
    return this.commands.execute('edit_postmortem_section', callerFromToken(p), incidentId, { section, ...body });
  }

  @ApiOperation({ summary: 'List the post-mortem\'s action items' })
  @Get(':id/postmortem/action-items')
  @Roles(...READERS)
  async actionItems(@Param('id', id()) incidentId: string) {
    return { actionItems: await this.postmortems.listActionItems(incidentId) };
  }

  @ApiOperation({ summary: 'Add an action item' })
  @Post(':id/postmortem/action-items')
  @HttpCode(201)
  @Roles('responder')
  @ApiZodBody(bodies.actionItemBody)
  addActionItem(@Param('id', id()) incidentId: string, @Body(new ZodBodyPipe(bodies.actionItemBody)) body: z.infer<typeof bodies.actionItemBody>, @CurrentPrincipal() p: Principal) {
    return this.commands.execute('add_action_item', callerFromToken(p), incidentId, body);
  }

  @ApiOperation({ summary: 'Update an action item' })
  @Patch(':id/postmortem/action-items/:itemId')
  @Roles('responder')
  @ApiZodBody(bodies.actionItemPatch)
  updateActionItem(@Param('id', id()) incidentId: string, @Param('itemId', itemId()) item: string, @Body(new ZodBodyPipe(bodies.actionItemPatch)) body: z.infer<typeof bodies.actionItemPatch>, @CurrentPrincipal() p: Principal) {
    return this.commands.execute('update_action_item', callerFromToken(p), incidentId, { itemId: item, ...body });
  }

  @ApiOperation({ summary: 'Export an action item to Jira' })
  @Post(':id/postmortem/action-items/:itemId/export')
  @HttpCode(201)
  @Roles('responder')
  exportActionItem(@Param('id', id()) incidentId: string, @Param('itemId', itemId()) item: string) {
    return this.postmortems.exportActionItem(incidentId, item);
  }

  @ApiOperation({ summary: 'Record the post-mortem review' })
  @Post(':id/postmortem/review')
  @HttpCode(200)
  @Roles('responder')
  @ApiZodBody(bodies.reviewBody)
  review(@Param('id', id()) incidentId: string, @Body(new ZodBodyPipe(bodies.reviewBody)) body: z.infer<typeof bodies.reviewBody>, @CurrentPrincipal() p: Principal) {
    return this.commands.execute('review_postmortem', callerFromToken(p), incidentId, body);
  }

  @ApiOperation({ summary: 'Publish the post-mortem' })
  @Post(':id/postmortem/publish')
  @HttpCode(200)
  @Roles('responder')
  publish(@Param('id', id()) incidentId: string, @CurrentPrincipal() p: Principal) {
    return this.commands.execute('publish_postmortem', callerFromToken(p), incidentId, {});
  }
}
