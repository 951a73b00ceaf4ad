import { DeliveryFailure } from './channel-adapter';

/** Longest Retry-After we honour; a vendor asking for more is treated as asking for this. */
export const MAX_RETRY_AFTER_MS = 60 * 60 * 1000;

/**
 * Retry-After as RFC 9110 defines it: delay-seconds or an HTTP-date. Returns milliseconds from now, or
 * null when absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, now: Date = new Date()): number | null {
  if (value === null || value === undefined) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Math.min(Number(text) * 1000, MAX_RETRY_AFTER_MS);
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return Math.min(Math.max(at - now.getTime(), 0), MAX_RETRY_AFTER_MS);
}

/**
 * HTTP statuses a vendor API answers: 429 and 5xx (and 408) are worth retrying later, honouring
 * Retry-After; 401/403 mean our credentials were refused, which no recipient can fix but an operator can,
 * so they are transient too. Other 4xx are about the request (usually the recipient): permanent.
 */
export function classifyHttpStatus(status: number): { kind: 'transient' | 'permanent'; scope: 'recipient' | 'provider' } {
  if (status === 429 || status === 408 || status >= 500) return { kind: 'transient', scope: 'provider' };
  if (status === 401 || status === 403) return { kind: 'transient', scope: 'provider' };
  return { kind: 'permanent', scope: 'recipient' };
}

export function httpFailure(provider: string, status: number, detail: string, retryAfter: string | null, now?: Date): DeliveryFailure {
  const { kind, scope } = classifyHttpStatus(status);
  return new DeliveryFailure(`${provider} answered HTTP ${status}: ${detail}`, kind, provider, { scope, retryAfterMs: parseRetryAfter(retryAfter, now) });
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT']);
/** Failures where the request certainly did not reach the vendor: failing over cannot send twice. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

function errorCode(error: unknown): string | undefined {
  const e = error as { code?: unknown; cause?: { code?: unknown } };
  const code = typeof e?.code === 'string' ? e.code : typeof e?.cause?.code === 'string' ? e.cause.code : undefined;
  return code;
}

/** A fetch that threw: no answer at all. Always transient; ambiguous unless the connection never opened. */
export function networkFailure(provider: string, error: unknown): DeliveryFailure {
  const code = errorCode(error);
  const name = (error as Error)?.name;
  const timedOut = name === 'TimeoutError' || name === 'AbortError';
  const reason = timedOut ? 'timed out' : code && NETWORK_CODES.has(code) ? code : ((error as Error)?.message ?? String(error));
  return new DeliveryFailure(`${provider} unreachable: ${reason}`, 'transient', provider, { scope: 'provider', ambiguous: !(code && NOT_SENT_CODES.has(code)) });
}

/**
 * nodemailer's errors, read the way RFC 5321 means the reply codes: 4yz is "try again later" (a greylisting
 * or busy mailbox), 5yz is "never" — except 503, a bad command sequence that a new session fixes. Errors
 * without a reply (connection refused, reset, timed out) are transient. An address nodemailer itself refuses
 * to put in the envelope is permanent.
 */
export function classifySmtpError(error: unknown, provider = 'smtp'): DeliveryFailure {
  const e = error as { responseCode?: number; code?: string; response?: string; message?: string; command?: string };
  const detail = e?.response ?? e?.message ?? String(error);
  if (typeof e?.responseCode === 'number') {
    const code = e.responseCode;
    const permanent = code >= 500 && code < 600 && code !== 503;
    return new DeliveryFailure(`SMTP ${code}: ${detail}`, permanent ? 'permanent' : 'transient', provider, {
      scope: permanent ? 'recipient' : 'provider',
      // A reply came back: the server did not take the message.
      ambiguous: false,
    });
  }
  if (e?.code === 'EENVELOPE') return new DeliveryFailure(`SMTP envelope refused: ${detail}`, 'permanent', provider, { scope: 'recipient' });
  if (e?.code === 'ECONFIG') return new DeliveryFailure(`SMTP configuration: ${detail}`, 'transient', provider, { scope: 'provider' });
  const notSent = e?.code === 'ECONNECTION' && /ECONNREFUSED/.test(detail);
  return new DeliveryFailure(`SMTP ${e?.code ?? 'error'}: ${detail}`, 'transient', provider, { scope: 'provider', ambiguous: !notSent });
}
