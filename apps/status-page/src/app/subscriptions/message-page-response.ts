import type { Response } from 'express';
import { MessagePage, SiteContext, renderMessagePage } from '../render/page-html';

export const SITE_CONTEXT = Symbol('SiteContext');

/** A message page (the answer to a form or a landing link), with the same hardening headers as the site's pages. */
export function sendMessagePage(response: Response, contentSecurityPolicy: string, context: SiteContext, status: number, page: MessagePage): void {
  response.status(status);
  response.setHeader('Cache-Control', 'no-store');
  response.setHeader('Content-Type', 'text/html; charset=utf-8');
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Content-Security-Policy', contentSecurityPolicy);
  response.setHeader('X-Frame-Options', 'DENY');
  // The landing pages carry a subscriber's token in their URL: it must not leave in a Referer.
  response.setHeader('Referrer-Policy', 'no-referrer');
  if (status === 503) response.setHeader('Retry-After', '60');
  response.send(renderMessagePage(context, page, new Date().toISOString()));
}
