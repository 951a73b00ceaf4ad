import type { Principal, Role } from '@sitrep/auth';
import type { CommunicationEntity } from '../communications/communication.entity';

/** Who may decide on a draft, and how a refused decision is explained. Plain functions. */

/** The token roles of the approve and reject routes (admin always may), for the API and for Slack alike. */
export const DECIDER_ROLES: readonly Role[] = ['comms_lead'];
/** The token roles that may draft a customer communication (POST /api/v1/communications). */
export const DRAFTER_ROLES: readonly Role[] = ['comms_lead', 'responder'];

/**
 * The incident's communications lead decides what customers are told. An admin always may. Once the
 * incident has a comms lead, only a comms_lead token that belongs to that person may (a token that
 * belongs to nobody is not the lead). With no comms lead assigned, any comms_lead token may, so a first
 * notice is never stuck waiting for an assignment. The refusal names the lead (by name when known).
 */
export function decisionRefusal(
  principal: Pick<Principal, 'role' | 'personId'>,
  incident: { commsLeadId: string | null } | null,
  commsLeadName: string | null = null,
): string | null {
  if (principal.role === 'admin') return null;
  if (principal.role !== 'comms_lead') return `role "${principal.role}" may not approve or reject customer communications; allowed: admin, comms_lead`;
  if (incident?.commsLeadId && incident.commsLeadId !== principal.personId) {
    return `only this incident's communications lead (${commsLeadName ?? `person ${incident.commsLeadId}`}) or an admin may approve or reject its communications`;
  }
  return null;
}

/** Why a draft that is no longer pending cannot be decided again. */
export function alreadyDecided(row: Pick<CommunicationEntity, 'id' | 'state' | 'decidedAt' | 'decidedBy' | 'rejectionReason' | 'publishedAt'>): string {
  const by = row.decidedBy ? ` by ${row.decidedBy.name ?? row.decidedBy.id}` : '';
  const when = row.decidedAt ? ` at ${row.decidedAt.toISOString()}` : '';
  if (row.state === 'approved') return `communication ${row.id} is not pending: it was already approved and published${when}${by}`;
  return `communication ${row.id} is not pending: it was rejected${when}${by}: ${row.rejectionReason ?? 'no reason given'}`;
}
