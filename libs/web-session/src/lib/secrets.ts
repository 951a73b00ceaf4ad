import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 256 random bits, URL-safe: session ids, CSRF tokens, OIDC state and PKCE verifiers. */
export const randomSecret = (): string => randomBytes(32).toString('base64url');

/** Session ids are stored only as their hash, so a leaked row does not sign anyone in. */
export const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** Compares two secrets in constant time (a CSRF token from a form against the session's). */
export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}
