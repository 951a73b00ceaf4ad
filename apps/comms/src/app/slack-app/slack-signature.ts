import { createHmac, timingSafeEqual } from 'node:crypto';

/** How old a signed request may be (Slack's own advice): older ones may be replays. */
export const MAX_REQUEST_AGE_SECONDS = 5 * 60;

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

/** The v0 signature Slack sends: hex HMAC-SHA256 of `v0:<timestamp>:<raw body>` with the signing secret. */
export function slackSignature(secret: string, timestamp: string, rawBody: string | Buffer): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:`).update(rawBody).digest('hex')}`;
}

/**
 * Checks X-Slack-Signature and X-Slack-Request-Timestamp against the raw body, as Slack documents: a
 * timestamp more than five minutes from now is refused before the HMAC, and the comparison is timing-safe.
 */
export function verifySlackRequest(
  secret: string,
  headers: { signature: string | undefined; timestamp: string | undefined },
  rawBody: Buffer | string | undefined,
  nowSeconds: number,
): SignatureCheck {
  if (!headers.timestamp || !/^\d{1,12}$/.test(headers.timestamp)) return { ok: false, reason: 'X-Slack-Request-Timestamp is missing or not a number' };
  if (Math.abs(nowSeconds - Number(headers.timestamp)) > MAX_REQUEST_AGE_SECONDS) return { ok: false, reason: 'X-Slack-Request-Timestamp is more than 5 minutes from now' };
  if (!headers.signature) return { ok: false, reason: 'X-Slack-Signature is missing' };
  if (rawBody === undefined) return { ok: false, reason: 'the request has no body to verify' };
  const expected = Buffer.from(slackSignature(secret, headers.timestamp, rawBody));
  const given = Buffer.from(headers.signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'X-Slack-Signature does not match this request' };
  return { ok: true };
}
