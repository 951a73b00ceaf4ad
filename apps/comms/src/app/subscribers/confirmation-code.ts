import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';

/** How long an SMS code works, and how many guesses it allows before it is void. */
export const CODE_TTL_MS = 15 * 60 * 1000;
export const CODE_MAX_ATTEMPTS = 5;

export function generateCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/** Only a keyed hash of the code is stored; it is bound to the subscriber so hashes cannot be swapped. */
export function hashCode(secret: string, subscriberId: string, code: string): string {
  return createHmac('sha256', secret).update(`sitrep-sms-code:${subscriberId}:${code}`).digest('hex');
}

export type CodeCheck = 'ok' | 'wrong' | 'expired' | 'exhausted' | 'none';

/**
 * Checks a guess against the stored hash. `attemptsSoFar` counts earlier wrong guesses; the caller
 * records this one before comparing, so parallel guesses cannot exceed the limit.
 */
export function checkCode(input: { secret: string; subscriberId: string; code: string; storedHash: string | null; expiresAt: Date | null; attemptsSoFar: number; now: Date }): CodeCheck {
  if (!input.storedHash || !input.expiresAt) return 'none';
  if (input.attemptsSoFar >= CODE_MAX_ATTEMPTS) return 'exhausted';
  if (input.expiresAt.getTime() <= input.now.getTime()) return 'expired';
  if (!/^\d{6}$/.test(input.code)) return 'wrong';
  const given = Buffer.from(hashCode(input.secret, input.subscriberId, input.code), 'hex');
  const stored = Buffer.from(input.storedHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored) ? 'ok' : 'wrong';
}
