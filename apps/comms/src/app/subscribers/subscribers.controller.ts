import { Body, Controller, Delete, Get, HttpCode, HttpException, Inject, Param, ParseUUIDPipe, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { Public, Roles } from '@sitrep/auth';
import { ApiZodBody, ZodBodyPipe } from '@sitrep/platform';
import { DELIVERY_RUNTIME, DeliveryRuntimeView } from '../delivery/delivery-runtime-view';
import { SUBSCRIBERS_PATH } from './subscriber-links';
import { ConfirmSmsBody, ListSubscribersQuery, SubscribeBody, confirmSmsBody, listSubscribersQuery, subscribeBody } from './subscribers.schemas';
import { TooManyRequests } from './subscribers.service';
import { subscriptionPage } from './subscription-pages';

const uuid = new ParseUUIDPipe({ errorHttpStatusCode: 400 });

function tokenOf(request: Request): string {
  const fromQuery = typeof request.query.token === 'string' ? request.query.token : undefined;
  const body = request.body as Record<string, unknown> | undefined;
  const fromBody = body && typeof body.token === 'string' ? body.token : undefined;
  return fromQuery ?? fromBody ?? '';
}

function wantsHtml(request: Request): boolean {
  return (request.get('accept') ?? '').includes('text/html');
}

/**
 * Public routes (subscribe, confirm, unsubscribe) and the admin's (list, search, export, erase), in one
 * controller so that the fixed paths are matched before ":id". The public routes are rate limited per
 * client address here (burst) and per address, destination and number range in the service (hourly).
 */
@Controller(SUBSCRIBERS_PATH.slice(1))
export class SubscribersController {
  constructor(@Inject(DELIVERY_RUNTIME) private readonly runtime: DeliveryRuntimeView) {}

  private get service() {
    return this.runtime.subscribers;
  }

  @ApiOperation({ summary: 'Subscribe by email or SMS', description: 'Double opt-in: a confirmation link by email, a 6-digit code by SMS.' })
  @Post()
  @Public()
  @UseGuards(ThrottlerGuard)
  @HttpCode(202)
  @ApiZodBody(subscribeBody)
  async subscribe(@Body(new ZodBodyPipe(subscribeBody)) body: SubscribeBody, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    try {
      return await this.service.subscribe(body, request.ip ?? 'unknown');
    } catch (error) {
      if (error instanceof TooManyRequests) response.setHeader('Retry-After', String(error.retryAfterSeconds));
      throw error;
    }
  }

  /** The link in the confirmation email. */
  @ApiOperation({ summary: 'Confirm an email subscription', description: 'The link in the confirmation email.' })
  @Get('confirm')
  @Public()
  @UseGuards(ThrottlerGuard)
  async confirmLink(@Req() request: Request, @Res() response: Response): Promise<void> {
    const name = this.runtime.pageName;
    try {
      await this.service.confirmByToken(tokenOf(request));
      response.status(200).type('html').send(subscriptionPage(name, 'Subscription confirmed', `You will get ${name} incident updates. Every message has a way out.`));
    } catch (error) {
      const { status, message } = problem(error);
      response.status(status).type('html').send(subscriptionPage(name, 'This link did not work', message));
    }
  }

  /** The code from the confirmation text message. */
  @ApiOperation({ summary: 'Confirm an SMS subscription', description: 'With the code from the confirmation text.' })
  @Post('confirm')
  @Public()
  @UseGuards(ThrottlerGuard)
  @HttpCode(200)
  @ApiZodBody(confirmSmsBody)
  confirmCode(@Body(new ZodBodyPipe(confirmSmsBody)) body: ConfirmSmsBody) {
    return this.service.confirmByCode(body.phone, body.code);
  }

  /** The unsubscribe link in an email: a page with one button (link scanners must not unsubscribe anyone). */
  @ApiOperation({ summary: 'Show the unsubscribe page', description: 'One button: link scanners must not unsubscribe anyone.' })
  @Get('unsubscribe')
  @Public()
  @UseGuards(ThrottlerGuard)
  unsubscribePage(@Req() request: Request, @Res() response: Response): void {
    const name = this.runtime.pageName;
    const token = tokenOf(request);
    const check = this.runtime.subscribers.checkUnsubscribeToken(token);
    if (!check.ok) {
      response.status(400).type('html').send(subscriptionPage(name, 'This link did not work', check.message));
      return;
    }
    response
      .status(200)
      .type('html')
      .send(subscriptionPage(name, 'Unsubscribe', `Stop getting ${name} incident updates at this address?`, { action: `?token=${encodeURIComponent(token)}`, button: 'Unsubscribe' }));
  }

  /** RFC 8058 one-click (the mail client POSTs "List-Unsubscribe=One-Click"), and the page's button. */
  @ApiOperation({ summary: 'Unsubscribe', description: 'RFC 8058 one-click, and the unsubscribe page\'s button.' })
  @Post('unsubscribe')
  @Public()
  @UseGuards(ThrottlerGuard)
  async unsubscribe(@Req() request: Request, @Res() response: Response): Promise<void> {
    const name = this.runtime.pageName;
    try {
      const result = await this.service.unsubscribeByToken(tokenOf(request), 'one-click');
      if (wantsHtml(request)) response.status(200).type('html').send(subscriptionPage(name, 'Unsubscribed', `You will get no more ${name} incident updates at this address.`));
      else response.status(200).json(result);
    } catch (error) {
      const { status, message } = problem(error);
      if (wantsHtml(request)) response.status(status).type('html').send(subscriptionPage(name, 'This link did not work', message));
      else response.status(status).json({ statusCode: status, message });
    }
  }

  @ApiOperation({ summary: 'List subscribers' })
  @Get()
  @Roles('comms_lead')
  list(@Query(new ZodBodyPipe(listSubscribersQuery, '(query)')) query: ListSubscribersQuery) {
    return this.service.list(query);
  }

  /** Every subscriber as CSV, streamed page by page. */
  @ApiOperation({ summary: 'Export subscribers as CSV' })
  @Get('export.csv')
  @Roles('comms_lead')
  async exportCsv(@Res() response: Response): Promise<void> {
    response.status(200).type('text/csv; charset=utf-8').setHeader('content-disposition', 'attachment; filename="subscribers.csv"');
    for await (const chunk of this.service.exportCsv()) {
      if (!response.write(chunk)) await new Promise((ok) => response.once('drain', ok));
    }
    response.end();
  }

  @ApiOperation({ summary: 'Get a subscriber' })
  @Get(':id')
  @Roles('comms_lead')
  get(@Param('id', uuid) id: string) {
    return this.service.get(id);
  }

  /** Erasure (right to be forgotten): the subscriber and what identifies them go. Admin only. */
  @ApiOperation({ summary: 'Erase a subscriber', description: 'The right to be forgotten: the subscriber and what identifies them go. Admin only.' })
  @Delete(':id')
  @HttpCode(204)
  async erase(@Param('id', uuid) id: string): Promise<void> {
    await this.service.erase(id);
  }
}

function problem(error: unknown): { status: number; message: string } {
  if (error instanceof HttpException) {
    const body = error.getResponse();
    const message = typeof body === 'string' ? body : String((body as { message?: unknown }).message ?? error.message);
    return { status: error.getStatus(), message: message.replace(/^token: /, '') };
  }
  throw error;
}
