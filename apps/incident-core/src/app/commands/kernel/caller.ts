import type { Principal, Role } from '@sitrep/auth';

/**
 * Who is acting, as the command layer sees it: the principal (for the actor recorded on the timeline
 * and for incident-role checks) and the token-level roles it holds (for the command's `tokenRoles`).
 * An API token has exactly one role; a person acting over NATS has the roles their roster entry gives.
 */
export interface Caller {
  principal: Principal;
  tokenRoles: readonly Role[];
}

export function callerFromToken(principal: Principal): Caller {
  return { principal, tokenRoles: [principal.role] };
}

export interface RosterPerson {
  id: string;
  name: string;
  roles: readonly string[];
}

/**
 * The token-level rights of a person acting through another surface (Slack, the console's single
 * sign-on), who shows no token of their own. They get what a token issued to them for their roster
 * roles gives:
 *  - everyone with a roster role is a `responder` (the role every person-bound token has in practice);
 *  - a roster `comms_lead` also gets `comms_lead` (media attention, notes and post-mortem text);
 *  - a person with no roster role yet (single sign-on provisions them so) is only a `viewer`;
 *  - never `admin` (an admin is a token, not a person) nor `automation` (a machine).
 * What they may do on a given incident is then decided by the incident's roles, exactly as for a token.
 */
export function tokenRolesForPerson(person: Pick<RosterPerson, 'roles'>): Role[] {
  if (person.roles.length === 0) return ['viewer'];
  const roles: Role[] = ['responder'];
  if (person.roles.includes('comms_lead')) roles.push('comms_lead');
  return roles;
}

export function callerForPerson(person: RosterPerson, via: string): Caller {
  const tokenRoles = tokenRolesForPerson(person);
  return {
    principal: { tokenId: `person:${person.id}:${via}`, role: tokenRoles[0], personId: person.id, label: person.name },
    tokenRoles,
  };
}
