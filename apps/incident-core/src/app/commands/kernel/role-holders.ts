import type { EntityManager } from 'typeorm';
import type { Principal } from '@sitrep/auth';
import type { IncidentRole } from '@sitrep/contracts';

export const ROLE_NAMES: Record<IncidentRole, string> = {
  commander: 'incident commander',
  engineering_lead: 'engineering lead',
  support_lead: 'support lead',
  comms_lead: 'communications lead',
  executive_sponsor: 'executive sponsor',
};

export interface Holder {
  personId: string;
  name: string;
}
export type Holders = Partial<Record<IncidentRole, Holder>>;

/** The incident's role holders with their names, so refusals can say who (never an id). */
export async function holdersOf(manager: EntityManager, incidentId: string): Promise<Holders> {
  const rows: { role: IncidentRole; person_id: string; name: string | null }[] = await manager.query(
    `SELECT r.role, r.person_id, p.name FROM core.incident_roles r LEFT JOIN core.people p ON p.id = r.person_id WHERE r.incident_id = $1`,
    [incidentId],
  );
  return Object.fromEntries(rows.map((r) => [r.role, { personId: r.person_id, name: r.name ?? 'a person no longer on the roster' }]));
}

/** "the incident commander (Alice Okoro)" / "the executive sponsor (none assigned)". */
export function describeHolder(role: IncidentRole, holders: Holders): string {
  const holder = holders[role];
  return `the ${ROLE_NAMES[role]} (${holder ? holder.name : 'none assigned'})`;
}

export function holds(principal: Principal, holders: Holders, roles: readonly IncidentRole[]): boolean {
  return Boolean(principal.personId) && roles.some((r) => holders[r]?.personId === principal.personId);
}

/**
 * Admins may do anything; otherwise the acting person must hold one of the roles. The refusal names
 * the holders: "only the incident commander (Alice Okoro) may close the incident".
 */
export function refuseUnlessHolder(principal: Principal, holders: Holders, roles: readonly IncidentRole[], action: string): string | null {
  if (principal.role === 'admin' || holds(principal, holders, roles)) return null;
  return `only ${roles.map((r) => describeHolder(r, holders)).join(' or ')} may ${action}`;
}
