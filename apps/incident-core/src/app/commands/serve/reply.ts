import { HttpException } from '@nestjs/common';
import type { CommandReply } from '@sitrep/contracts';

/**
 * The reply for a refused or failed request: the status, message and fields the HTTP API would give
 * (the same HttpException answers both). Anything else is a 500 whose detail stays in the log.
 */
export function refusalReply(error: unknown): CommandReply {
  if (error instanceof HttpException) {
    const body = error.getResponse();
    const status = error.getStatus();
    if (typeof body === 'string') return { ok: false, status, message: body };
    const { message, fields } = body as { message?: unknown; fields?: { field: string; reason: string }[] };
    const text = Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : error.message;
    return fields ? { ok: false, status, message: text, fields } : { ok: false, status, message: text };
  }
  return { ok: false, status: 500, message: 'incident-core could not handle the request; the error is in its log' };
}

export const encodeReply = (reply: CommandReply): Uint8Array => Buffer.from(JSON.stringify(reply));

/** The request's JSON, or a 400 reply: a request that is not JSON names the body as the field. */
export function decodeRequest(data: Uint8Array): { ok: true; value: unknown } | { ok: false; reply: CommandReply } {
  try {
    return { ok: true, value: JSON.parse(Buffer.from(data).toString('utf8')) };
  } catch {
    return { ok: false, reply: { ok: false, status: 400, message: '(body): must be JSON', fields: [{ field: '(body)', reason: 'must be JSON' }] } };
  }
}
