import { isUtf8 } from 'node:buffer';

/**
 * body-parser's `verify` hook: a body that is not valid UTF-8 is refused before it is decoded, because
 * decoding would quietly turn the bad bytes into U+FFFD and the request would go on about a different
 * value (an email address that is not the one typed). The 400 names the body.
 */
export function refuseInvalidUtf8(_req: unknown, _res: unknown, buffer: Buffer, encoding: string | null): void {
  const utf8 = !encoding || /^utf-?8$/i.test(encoding);
  if (utf8 && buffer.length > 0 && !isUtf8(buffer)) {
    throw Object.assign(new Error('is not valid UTF-8'), { status: 400, statusCode: 400, type: 'encoding.invalid', expose: true });
  }
}

/** The verify hook of every body parser: keeps the bytes as `rawBody` (as Nest's rawBody option does), then refuses what is not UTF-8. */
export function keepRawBodyAndRefuseInvalidUtf8(req: unknown, res: unknown, buffer: Buffer, encoding: string | null): void {
  if (Buffer.isBuffer(buffer)) (req as { rawBody?: Buffer }).rawBody = buffer;
  refuseInvalidUtf8(req, res, buffer, encoding);
}
