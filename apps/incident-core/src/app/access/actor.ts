import type { Principal } from '@sitrep/auth';
import type { Actor } from '@sitrep/contracts';

/** Labels of the configured admin token before it had a plain one; they named an environment variable. */
const LEGACY_LABEL = /\s*\(SITREP_[A-Z_]+\)\s*/g;

/**
 * How a token reads where people see who did what: "admin token", or "admin token 'ci-bot'" for a token
 * with a label of its own; a labelled automation token reads as the service it stands for. Never the
 * name of an environment variable.
 */
export function tokenActorName(role: string, label: string | null | undefined): string {
  const own = (label ?? '').replace(LEGACY_LABEL, '').trim();
  // An automation token stands for a service (a monitoring integration, a deploy pipeline): it reads as
  // that service's own name, the way "comms" does, not as a kind of token.
  if (own && role === 'automation') return own;
  return own && own !== role ? `${role} token '${own}'` : `${role} token`;
}

/** The event actor for whoever holds the token: the person it belongs to, or the token itself. */
export function actorOf(principal: Principal): Actor {
  return principal.personId
    ? { kind: 'person', id: principal.personId, name: principal.label }
    : { kind: 'token', id: principal.tokenId, name: tokenActorName(principal.role, principal.label) };
}
