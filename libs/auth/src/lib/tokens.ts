import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** What a token may do. Issue-specific roles (comms lead, responder…) build on these. */
export const ROLES = ['admin', 'responder', 'comms_lead', 'viewer', 'automation'] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  tokenId: string;
  role: Role;
  personId: string | null;
  label: string;
}

/** Tokens are stored only as their SHA-256: they are 256-bit random, so a slow hash buys nothing. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function generateToken(): string {
  return `srp_${randomBytes(32).toString('base64url')}`;
}

export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Looks a presented token up by its hash; each service keeps its own table of hashes. */
export interface TokenStore {
  findByHash(hash: string): Promise<Principal | null>;
}
