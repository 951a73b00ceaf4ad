import { Body, Controller, Get, HttpCode, Inject, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { MessagePage, SiteContext } from '../render/page-html';
import { PrerenderedSite } from '../render/prerendered-site';
import { CommsOutcome, CommsSubscribersClient } from './comms-subscribers.client';
import { SITE_CONTEXT, sendMessagePage } from './message-page-response';
import { TextProblemPageFilter } from './text-problem-page.filter';

export { SITE_CONTEXT } from './message-page-response';
export const SUBSCRIPTIONS_LOGGER = Symbol('SubscriptionsLogger');

const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;
const E164 = /^\+[1-9]\d{6,14}$/;

type FormBody = Record<string, unknown> | undefined;

function text(body: FormBody, name: string): string {
  const value = body?.[name];
  return typeof value === 'string' ? value.trim() : '';
}

function list(body: FormBody, name: string): string[] {
  const value = body?.[name] ?? body?.[`${name}[]`];
  if (typeof value === 'string') return value ? [value] : [];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v.length > 0) : [];
}

/** "+44 (0)7700 900-123" → "+447700900123". */
export function normalizePhone(raw: string): string {
  return raw.replace(/\(0\)/g, '').replace(/[\s().-]/g, '').replace(/^00/, '+');
}

/**
 * The subscribe forms and the confirmation / unsubscribe landing pages. The status page keeps no
 * subscriber data: it checks the input, forwards it to comms' public API and tells the reader what to
 * do next. Whatever comms does (down, slow, refusing), the reader gets a page, never a crash.
 */
@Controller('subscriptions')
@UseFilters(TextProblemPageFilter)
export class SubscriptionsController {
  constructor(
    @Inject(CommsSubscribersClient) private readonly comms: CommsSubscribersClient,
    @Inject(PrerenderedSite) private readonly site: PrerenderedSite,
    @Inject(SITE_CONTEXT) private readonly context: SiteContext,
    @Inject(SUBSCRIPTIONS_LOGGER) private readonly logger: Logger,
  ) {}

  private send(response: Response, status: number, page: MessagePage): void {
    sendMessagePage(response, this.site.meta.contentSecurityPolicy, this.context, status, page);
  }

  private componentIds(body: FormBody, response: Response): string[] | null {
    const ids = [...new Set(list(body, 'componentIds'))];
    const known = new Set(this.site.meta.componentIds);
    const unknown = ids.filter((id) => !known.has(id));
    if (unknown.length > 0) {
      this.send(response, 400, {
        title: 'Unknown component',
        heading: 'Please choose components from the list',
        paragraphs: ['One of the components you chose is no longer on this page. Go back, reload the page and choose again.'],
      });
      return null;
    }
    return ids;
  }

  private unavailable(response: Response, outcome: { reason: string }, action: string): void {
    this.logger.warn({ reason: outcome.reason, action }, 'comms is unavailable for a subscription request');
    this.send(response, 503, {
      title: 'Please try again shortly',
      heading: 'We could not reach our notification service',
      paragraphs: [
        `Sorry, ${action} is not possible just now because our notification service is not answering. Nothing has been changed.`,
        'This page stays up to date in the meantime. Please try again in a few minutes.',
      ],
    });
  }

  private rejected(response: Response, outcome: { status: number; message: string; retryAfterSeconds?: number }, heading: string): void {
    const status = outcome.status === 429 ? 429 : outcome.status >= 400 && outcome.status < 500 ? outcome.status : 400;
    // comms' wait, passed on: the visitor's browser (or script) learns when to try again.
    if (status === 429) response.setHeader('Retry-After', String(outcome.retryAfterSeconds ?? 60));
    this.send(response, status, {
      title: heading,
      heading,
      paragraphs: outcome.status === 429 ? ['Too many requests came from here in a short time. Please wait a few minutes and try again.'] : [outcome.message],
    });
  }

  @Post('email')
  async subscribeByEmail(@Body() body: FormBody, @Req() request: Request, @Res() response: Response): Promise<void> {
    const email = text(body, 'email');
    if (!EMAIL.test(email) || email.length > 254) {
      return this.send(response, 400, {
        title: 'Check your email address',
        heading: 'Please check your email address',
        paragraphs: [email ? `"${email}" does not look like an email address. Go back and enter it as name@example.com.` : 'Go back and enter your email address, such as name@example.com.'],
      });
    }
    const componentIds = this.componentIds(body, response);
    if (!componentIds) return;
    const outcome = await this.comms.subscribe(componentIds.length ? { email, componentIds } : { email }, request.ip);
    this.answerSubscribe(response, outcome, {
      title: 'Check your inbox',
      heading: 'Check your inbox',
      paragraphs: [`We sent a confirmation link to ${email}. Follow it to start receiving updates.`, 'If it has not arrived within a few minutes, look in your spam folder.'],
    });
  }

  @Post('sms')
  async subscribeBySms(@Body() body: FormBody, @Req() request: Request, @Res() response: Response): Promise<void> {
    const raw = text(body, 'phone');
    const phone = normalizePhone(raw);
    if (!E164.test(phone)) {
      return this.send(response, 400, {
        title: 'Check your phone number',
        heading: 'Please check your phone number',
        paragraphs: [`${raw ? `"${raw}" is not a mobile number we can text. ` : ''}Go back and enter it in international format, starting with + and the country code, such as +44 7700 900123.`],
      });
    }
    const componentIds = this.componentIds(body, response);
    if (!componentIds) return;
    const outcome = await this.comms.subscribe({ phone, componentIds }, request.ip);
    this.answerSubscribe(response, outcome, {
      title: 'Check your phone',
      heading: 'Check your phone',
      paragraphs: [`We sent a text message with a 6-digit code to ${phone}. Enter it here to confirm, and updates will start arriving.`],
      form: {
        action: '/subscriptions/sms/confirm',
        button: 'Confirm',
        fields: [{ name: 'phone', value: phone }],
        input: { name: 'code', label: 'Code from the text message', inputmode: 'numeric', maxlength: 6 },
      },
    });
  }

  @Post('sms/confirm')
  @HttpCode(200)
  async confirmSms(@Body() body: FormBody, @Req() request: Request, @Res() response: Response): Promise<void> {
    const phone = normalizePhone(text(body, 'phone'));
    const code = text(body, 'code').replace(/\s+/g, '');
    if (!E164.test(phone) || !/^\d{6}$/.test(code)) {
      return this.send(response, 400, {
        title: 'Check the code',
        heading: 'Please check the code',
        paragraphs: ['The code is the 6 digits in the text message we sent. Go back and enter it again.'],
      });
    }
    const outcome = await this.comms.confirmPhone(phone, code, request.ip);
    if (outcome.kind === 'ok') {
      return this.send(response, 200, { title: 'Subscription confirmed', heading: 'You are subscribed', paragraphs: [`Thank you. ${phone} will get a text message when an incident affects the services you chose, and before planned maintenance.`] });
    }
    if (outcome.kind === 'unavailable') return this.unavailable(response, outcome, 'confirming your subscription');
    this.rejected(response, { ...outcome, message: `That code was not accepted (${outcome.message}). Check the text message, or subscribe again to get a new code.` }, 'That code did not work');
  }

  private answerSubscribe(response: Response, outcome: CommsOutcome, success: MessagePage): void {
    if (outcome.kind === 'ok') return this.send(response, 202, success);
    if (outcome.kind === 'unavailable') return this.unavailable(response, outcome, 'subscribing');
    this.rejected(response, outcome, 'We could not subscribe you');
  }

  @Get('confirm')
  async confirm(@Query('token') token: unknown, @Req() request: Request, @Res() response: Response): Promise<void> {
    if (typeof token !== 'string' || !token.trim()) return this.missingToken(response, 'confirm your subscription');
    const outcome = await this.comms.confirm(token.trim(), request.ip);
    if (outcome.kind === 'ok') {
      return this.send(response, 200, { title: 'Subscription confirmed', heading: 'You are subscribed', paragraphs: ['Thank you. You will hear from us when an incident affects the services you chose, and before planned maintenance.'] });
    }
    if (outcome.kind === 'unavailable') return this.unavailable(response, outcome, 'confirming your subscription');
    this.rejected(response, { ...outcome, message: `This confirmation link is not valid any more (${outcome.message}). Subscribe again from the status page to get a new one.` }, 'This link has expired or was already used');
  }

  /** A GET only shows a button: mail scanners follow links, and must not unsubscribe anyone by doing so. */
  @Get('unsubscribe')
  unsubscribeForm(@Query('token') token: unknown, @Res() response: Response): void {
    if (typeof token !== 'string' || !token.trim()) return this.missingToken(response, 'unsubscribe');
    this.send(response, 200, {
      title: 'Unsubscribe',
      heading: 'Stop receiving status updates?',
      paragraphs: ['Press the button to stop all status updates to this address.'],
      form: { action: '/subscriptions/unsubscribe', button: 'Unsubscribe', fields: [{ name: 'token', value: token.trim() }] },
    });
  }

  @Post('unsubscribe')
  @HttpCode(200)
  async unsubscribe(@Body() body: FormBody, @Query('token') queryToken: unknown, @Req() request: Request, @Res() response: Response): Promise<void> {
    const token = text(body, 'token') || (typeof queryToken === 'string' ? queryToken.trim() : '');
    if (!token) return this.missingToken(response, 'unsubscribe');
    const outcome = await this.comms.unsubscribe(token, request.ip);
    if (outcome.kind === 'ok') return this.send(response, 200, { title: 'Unsubscribed', heading: 'You are unsubscribed', paragraphs: ['You will not receive any more status updates. You can subscribe again at any time from the status page.'] });
    if (outcome.kind === 'unavailable') return this.unavailable(response, outcome, 'unsubscribing');
    this.rejected(response, { ...outcome, message: `This unsubscribe link is not valid (${outcome.message}). If you still receive updates, use the link in the latest message.` }, 'This link is not valid');
  }

  private missingToken(response: Response, action: string): void {
    this.send(response, 400, { title: 'Incomplete link', heading: 'This link is incomplete', paragraphs: [`The link to ${action} is missing its token. Open the link from the message again, or copy the whole address.`] });
  }
}
