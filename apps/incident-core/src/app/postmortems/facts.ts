import { tokenActorName } from '../access/actor';
import type { Actor, Assessment, DeadlineKind, DeadlineState, EscalationContactRole, EscalationPath, IncidentRole, IncidentStatus, Severity } from '@sitrep/contracts';

/**
 * Everything the record of one incident says, as plain data: what the post-mortem draft, the response
 * effectiveness and the monthly report are computed from. Loaded from core.* by load-facts.ts.
 */
export interface PersonFact {
  id: string;
  name: string;
  email: string;
}

export interface TimelineFact {
  at: Date;
  kind: string;
  text: string;
  actor: Actor;
  source: string;
  internal: boolean;
  detail: Record<string, unknown> | null;
}

export interface DeadlineFact {
  id: string;
  kind: DeadlineKind;
  ownerRole: IncidentRole;
  startsAt: Date;
  dueAt: Date;
  breachAt: Date | null;
  state: DeadlineState;
  metAt: Date | null;
  breachedAt: Date | null;
  cancelledAt: Date | null;
}

export interface EscalationFact {
  path: EscalationPath;
  level: number;
  contactRole: EscalationContactRole;
  personId: string | null;
  reason: string;
  firedAt: Date;
}

export interface CompensationFact {
  amount: number;
  currency: string;
  customers: string[];
  reason: string;
  authorisedAt: Date;
}

export interface IncidentFact {
  id: string;
  reference: string;
  title: string;
  severity: Severity;
  status: IncidentStatus;
  declaredAt: Date;
  declaredBy: Actor;
  trigger: 'manual' | 'multi_customer_impact' | 'executive_escalation';
  triggerDetail: { affectedCustomers?: { count?: number; ids?: string[] }; escalatedBy?: string } | null;
  assessment: Assessment | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
  deployRef: string | null;
  duplicateOf: string | null;
}

export interface IncidentFacts {
  incident: IncidentFact;
  /** Who holds each incident role now (person ids). */
  roles: Partial<Record<IncidentRole, string>>;
  implementers: string[];
  /** Everyone on the roster, by id: names for the internal version, and what to strip from the external one. */
  people: Record<string, PersonFact>;
  /** Who holds each escalation role (person ids), to describe roster people by role in the external version. */
  escalationContacts: Partial<Record<EscalationContactRole, string>>;
  timeline: TimelineFact[];
  deadlines: DeadlineFact[];
  escalations: EscalationFact[];
  compensations: CompensationFact[];
}

/** Company facts the draft needs beyond the record. */
export interface DraftSettings {
  customerBaseTotal: number | null;
  normalTicketsPerHour: number;
  /** SITREP_REVENUE_PER_MINUTE: estimated revenue lost per minute of outage. */
  revenuePerMinute: number | null;
}

/** Display name of whoever caused a timeline line. */
export function actorName(actor: Actor, people: Record<string, PersonFact>, source?: string): string {
  if (actor.kind === 'person') return people[actor.id]?.name ?? actor.name ?? actor.id;
  // Tokens read "admin token 'ci-bot'" (see access/actor.ts); older records kept the bare label.
  if (actor.kind === 'token') {
    if (!actor.name) return 'API token';
    if (/\btoken\b/.test(actor.name)) return actor.name;
    return actor.name.includes('SITREP_ADMIN_TOKEN') ? tokenActorName('admin', actor.name) : `token '${actor.name}'`;
  }
  if (source === 'comms') return 'comms';
  if (source === 'clock') return 'Sitrep clock';
  return actor.name ?? 'Sitrep';
}
