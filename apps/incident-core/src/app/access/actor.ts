import type { Principal } from '@sitrep/auth';
import type { Actor } from '@sitrep/contracts';

/** The event actor for whoever holds the token: the person it belongs to, or the token itself. */
export function actorOf(principal: Principal): Actor {
  return principal.personId
    ? { kind: 'person', id: principal.personId, name: principal.label }
    : { kind: 'token', id: principal.tokenId, name: principal.label };
}
