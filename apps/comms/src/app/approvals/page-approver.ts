import type { Principal } from '@sitrep/auth';
import type { RosterPersonSummary } from '@sitrep/contracts';

export type ApproverDecision = { kind: 'approver'; principal: Principal } | { kind: 'refuse'; reason: string };

/**
 * Whether a person signed in through single sign-on may use the approval page, from what incident-core
 * says about them: the rights it gives a person acting without a token must include comms_lead (a roster
 * communications lead). Which drafts they may decide is then the same rule as for a comms_lead token of
 * theirs (approval-rules.ts: the incident's named lead, or anyone while it has none).
 */
export function approverFor(email: string, person: RosterPersonSummary | null): ApproverDecision {
  if (!person) return { kind: 'refuse', reason: `${email} is not on Sitrep's roster. Ask an admin to add you.` };
  if (!person.rights.includes('comms_lead')) {
    return { kind: 'refuse', reason: `${person.name} is not a communications lead on the roster, so the approval queue is not for you (your rights: ${person.rights.join(', ') || 'none'}).` };
  }
  return { kind: 'approver', principal: { tokenId: `person:${person.id}:approvals`, role: 'comms_lead', personId: person.id, label: person.name } };
}
