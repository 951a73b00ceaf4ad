import { ExecutionContext, createParamDecorator } from '@nestjs/common';
import type { AuthenticatedRequest, Principal } from '@sitrep/auth';
import type { Actor } from '@sitrep/contracts';

/** The principal a guard attached to the request: the token guard for the API, the session guard for the page. */
export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new Error('CurrentPrincipal used on a route without a guard that sets it');
  return principal;
});

/** The event actor for whoever holds the token: the person it belongs to, or the token itself. */
export function actorOf(principal: Principal): Actor {
  return principal.personId ? { kind: 'person', id: principal.personId, name: principal.label } : { kind: 'token', id: principal.tokenId, name: principal.label };
}

/** Who drafts on comms' own initiative. */
export const COMMS_ACTOR: Actor = { kind: 'system', id: 'comms', name: 'comms auto-draft' };
