import type { Response } from 'express';

/**
 * Sends a server-rendered page with headers that keep it to itself: no caching (drafts, sessions), no
 * sniffing, no framing, no referrer, under the content security policy of the app that renders it.
 */
export function sendPage(response: Response, status: number, html: string, csp: string): void {
  response
    .status(status)
    .set({
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'content-security-policy': csp,
    })
    .send(html);
}
