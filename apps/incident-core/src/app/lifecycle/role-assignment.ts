import type { Principal } from '@sitrep/auth';
import type { IncidentRole } from '@sitrep/contracts';
import { Holders, ROLE_NAMES, describeHolder } from '../commands/kernel/role-holders';

/**
 * Who may put someone in an incident role (issue 10: roles must not be seized):
 *  - an admin, always;
 *  - the first commander of an incident without one: any responder (declaring needs no more either);
 *  - handing over command: the commander;
 *  - the leads and the sponsor: the commander, or the current holder handing over their own role.
 */
export function refuseRoleAssignment(principal: Pick<Principal, 'role' | 'personId'>, holders: Holders, role: IncidentRole): string | null {
  if (principal.role === 'admin') return null;
  const me = principal.personId;
  const isCommander = Boolean(me) && holders.commander?.personId === me;
  if (role === 'commander') {
    if (!holders.commander || isCommander) return null;
    return `only ${describeHolder('commander', holders)} or an admin may hand over command`;
  }
  const isHolder = Boolean(me) && holders[role]?.personId === me;
  if (isCommander || isHolder) return null;
  const holderClause = holders[role] ? `, ${describeHolder(role, holders)} handing over their own role,` : '';
  return `only ${describeHolder('commander', holders)}${holderClause} or an admin may assign the ${ROLE_NAMES[role]}`;
}

/** The seed's sponsor is an executive: only a person with the roster role `executive` may be one. */
export function refuseSponsor(person: { name: string; roles: readonly string[] }): string | null {
  return person.roles.includes('executive') ? null : `${person.name} is not an executive (roster role "executive") and cannot be the executive sponsor`;
}
