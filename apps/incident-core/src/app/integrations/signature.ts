import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The generic receiver's signature: hex HMAC-SHA256, keyed with the integration's secret, over
 * "<timestamp>.<raw body>", sent as "X-Sitrep-Signature: sha256=<hex>" beside "X-Sitrep-Timestamp:
 * <unix seconds>". The timestamp inside the MAC makes an old request unreplayable once it is stale.
 */
export const SIGNATURE_HEADER = 'x-sitrep-signature';
export const TIMESTAMP_HEADER = 'x-sitrep-timestamp';

export function sign(secret: string, timestamp: string, body: Buffer | string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex')}`;
}

export type SignatureRefusal = { field: string; reason: string };

/** Null when the signature is right and fresh; otherwise which header is wrong and why. */
export function refuseSignature(input: { secret: string; timestamp: string | undefined; signature: string | undefined; body: Buffer; now: Date; maxAgeMs: number }): SignatureRefusal | null {
  if (!input.timestamp || !/^\d{1,12}$/.test(input.timestamp)) return { field: TIMESTAMP_HEADER, reason: 'must be the signing time in Unix seconds' };
  if (!input.signature || !/^sha256=[0-9a-f]{64}$/i.test(input.signature)) return { field: SIGNATURE_HEADER, reason: 'must be "sha256=" and the hex HMAC-SHA256 of "<timestamp>.<body>"' };
  const expected = Buffer.from(sign(input.secret, input.timestamp, input.body).slice(7), 'hex');
  const given = Buffer.from(input.signature.slice(7), 'hex');
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { field: SIGNATURE_HEADER, reason: 'does not match the body and timestamp with this integration\'s secret' };
  const ageMs = Math.abs(input.now.getTime() - Number(input.timestamp) * 1000);
  if (ageMs > input.maxAgeMs) return { field: TIMESTAMP_HEADER, reason: `is ${Math.round(ageMs / 1000)}s away from now; at most ${Math.round(input.maxAgeMs / 1000)}s is accepted` };
  return null;
}
