import type { Principal, Role } from '@sitrep/auth';
import { tokenRolesForPerson } from '../commands/kernel/caller';

/**
 * Who is using the console and with what rights, in the command layer's shape (principal + token-level
 * roles). A token session has exactly the token's role, as on the API. A person signed in through OIDC
 * gets what a token issued to them for their roster roles gives: everyone with a roster role is a
 * responder, a roster comms lead is also a comms_lead; a person with no roster role yet (as single sign-on
 * auto-provisions them) is only a viewer. Never admin: an admin is a token, not a person.
 */
export interface ConsoleCaller {
  principal: Principal;
  tokenRoles: readonly Role[];
  via: 'token' | 'oidc';
}

export function callerFromToken(principal: Principal): ConsoleCaller {
  return { principal, tokenRoles: [principal.role], via: 'token' };
}

/** The rights of a person signed in without a token: the command layer's one rule (commands/kernel/caller.ts). */
export function consoleRolesForPerson(person: { roles: readonly string[] }): Role[] {
  return tokenRolesForPerson(person);
}

export function callerForPerson(person: { id: string; name: string; roles: readonly string[] }): ConsoleCaller {
  const tokenRoles = consoleRolesForPerson(person);
  return { principal: { tokenId: `person:${person.id}:console`, role: tokenRoles[0], personId: person.id, label: person.name }, tokenRoles, via: 'oidc' };
}

/** Whether the caller holds one of the roles a route or command allows (admin may everything). */
export function holdsAny(caller: ConsoleCaller, allowed: readonly Role[]): boolean {
  return caller.tokenRoles.includes('admin') || caller.tokenRoles.some((r) => allowed.includes(r));
}
