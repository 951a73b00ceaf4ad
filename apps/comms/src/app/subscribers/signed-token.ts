import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Tokens in subscription links: base64url(JSON payload) "." base64url(HMAC-SHA256). The purpose is
 * inside the MAC, so an unsubscribe token cannot be replayed as a confirmation and the other way round.
 */
export type TokenPurpose = 'confirm' | 'unsubscribe';

export interface TokenClaims {
  purpose: TokenPurpose;
  subscriberId: string;
  /** For confirmations: which subscription request this link confirms (a later request supersedes it). */
  version: number;
  expiresAt: Date;
}

export type TokenCheck = { ok: true; claims: TokenClaims } | { ok: false; reason: 'malformed' | 'forged' | 'expired' | 'wrong_purpose' };

interface WirePayload {
  p: TokenPurpose;
  s: string;
  v: number;
  e: number;
}

export class TokenSigner {
  constructor(private readonly secret: string) {
    if (secret.length < 32) throw new Error('the signing secret must be at least 32 characters');
  }

  private mac(payload: string): Buffer {
    return createHmac('sha256', this.secret).update(`sitrep-subscription-token:${payload}`).digest();
  }

  sign(claims: TokenClaims): string {
    const wire: WirePayload = { p: claims.purpose, s: claims.subscriberId, v: claims.version, e: Math.floor(claims.expiresAt.getTime() / 1000) };
    const payload = Buffer.from(JSON.stringify(wire)).toString('base64url');
    return `${payload}.${this.mac(payload).toString('base64url')}`;
  }

  verify(token: string, purpose: TokenPurpose, now: Date): TokenCheck {
    const parts = token.split('.');
    if (parts.length !== 2 || !/^[A-Za-z0-9_-]+$/.test(parts[0]) || !/^[A-Za-z0-9_-]+$/.test(parts[1])) return { ok: false, reason: 'malformed' };
    const given = Buffer.from(parts[1], 'base64url');
    const expected = this.mac(parts[0]);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'forged' };
    let wire: WirePayload;
    try {
      wire = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8')) as WirePayload;
    } catch {
      return { ok: false, reason: 'malformed' };
    }
    if (wire.p !== purpose) return { ok: false, reason: 'wrong_purpose' };
    if (wire.e * 1000 <= now.getTime()) return { ok: false, reason: 'expired' };
    return { ok: true, claims: { purpose: wire.p, subscriberId: wire.s, version: wire.v, expiresAt: new Date(wire.e * 1000) } };
  }
}

/** The words a person reads when a link does not work. */
export const TOKEN_PROBLEMS: Record<Exclude<TokenCheck, { ok: true }>['reason'], string> = {
  malformed: 'this link is incomplete; copy the whole link from the email',
  forged: 'this link was not issued by us',
  expired: 'this link has expired; subscribe again to get a new one',
  wrong_purpose: 'this link is not meant for this page',
};
