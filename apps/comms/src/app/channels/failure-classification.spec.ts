import { DeliveryFailure } from './channel-adapter';
import { classifyHttpStatus, classifySmtpError, networkFailure, parseRetryAfter } from './failure-classification';
import { slackFailure } from './slack-workspace';

describe('reading vendor failures', () => {
  it('retries SMTP 4xx replies and 503, and never 5xx rejections', () => {
    expect(classifySmtpError({ code: 'EENVELOPE', responseCode: 450, response: '450 4.2.1 Mailbox busy' })).toMatchObject({ kind: 'transient' });
    expect(classifySmtpError({ code: 'EENVELOPE', responseCode: 421, response: '421 Too many connections' })).toMatchObject({ kind: 'transient' });
    expect(classifySmtpError({ code: 'EPROTOCOL', responseCode: 503, response: '503 Bad sequence' })).toMatchObject({ kind: 'transient' });
    expect(classifySmtpError({ code: 'EENVELOPE', responseCode: 550, response: '550 5.1.1 No such user' })).toMatchObject({ kind: 'permanent', scope: 'recipient', message: 'SMTP 550: 550 5.1.1 No such user' });
    expect(classifySmtpError({ code: 'EENVELOPE', message: 'Invalid recipient "x"' })).toMatchObject({ kind: 'permanent' });
  });

  it('retries SMTP connections that broke, and knows a refused connection sent nothing', () => {
    expect(classifySmtpError({ code: 'ETIMEDOUT', message: 'Timeout' })).toMatchObject({ kind: 'transient', ambiguous: true });
    expect(classifySmtpError({ code: 'ECONNECTION', message: 'connect ECONNREFUSED 127.0.0.1:25' })).toMatchObject({ kind: 'transient', ambiguous: false });
  });

  it('retries HTTP 429, 408 and 5xx (and refused credentials); other 4xx are about the request', () => {
    for (const status of [429, 408, 500, 502, 503, 401, 403]) expect(classifyHttpStatus(status).kind).toBe('transient');
    for (const status of [400, 404, 409, 422]) expect(classifyHttpStatus(status)).toEqual({ kind: 'permanent', scope: 'recipient' });
  });

  it('reads Retry-After as seconds or as an HTTP date, capped at an hour', () => {
    const now = new Date('2026-11-26T12:00:00Z');
    expect(parseRetryAfter('30', now)).toBe(30_000);
    expect(parseRetryAfter('Thu, 26 Nov 2026 12:00:05 GMT', now)).toBe(5_000);
    expect(parseRetryAfter('Thu, 26 Nov 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('86400', now)).toBe(3_600_000);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });

  it('treats a timeout as possibly sent, and a refused connection as not sent', () => {
    const timeout = Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' });
    expect(networkFailure('twilio', timeout)).toMatchObject({ kind: 'transient', ambiguous: true, message: 'twilio unreachable: timed out' });
    const refused = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    expect(networkFailure('twilio', refused)).toMatchObject({ kind: 'transient', ambiguous: false });
  });

  it('honours Slack\'s Retry-After and tells its own errors apart', () => {
    const limited = slackFailure({ code: 'slack_webapi_rate_limited_error', retryAfter: 7 });
    expect(limited).toBeInstanceOf(DeliveryFailure);
    expect(limited).toMatchObject({ kind: 'transient', retryAfterMs: 7_000 });
    expect(slackFailure({ code: 'slack_webapi_platform_error', data: { error: 'channel_not_found' } })).toMatchObject({ kind: 'permanent' });
    expect(slackFailure({ code: 'slack_webapi_platform_error', data: { error: 'ratelimited' } })).toMatchObject({ kind: 'transient' });
    expect(slackFailure({ code: 'slack_webapi_http_error', statusCode: 503, headers: { 'retry-after': '2' } })).toMatchObject({ kind: 'transient', retryAfterMs: 2_000 });
  });
});
