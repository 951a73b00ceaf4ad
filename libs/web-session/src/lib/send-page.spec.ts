import type { Response } from 'express';
import { sendPage } from './send-page';

describe('sendPage', () => {
  it('sends the page uncached, unframed and under the policy it is given', () => {
    const sent: { status?: number; headers?: Record<string, string>; body?: string } = {};
    const response = {
      status(code: number) {
        sent.status = code;
        return this;
      },
      set(headers: Record<string, string>) {
        sent.headers = headers;
        return this;
      },
      send(body: string) {
        sent.body = body;
        return this;
      },
    } as unknown as Response;
    sendPage(response, 403, '<p>no</p>', "default-src 'none'");
    expect(sent).toEqual({
      status: 403,
      body: '<p>no</p>',
      headers: {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'referrer-policy': 'no-referrer',
        'content-security-policy': "default-src 'none'",
      },
    });
  });
});
