import type { EntityManager } from 'typeorm';
import type { Actor, Assessment, EscalationContactRole, IncidentRole } from '@sitrep/contracts';
import { CompensationFact, DeadlineFact, EscalationFact, IncidentFact, IncidentFacts, PersonFact, TimelineFact } from './facts';

interface IncidentRow {
  id: string;
  reference: string;
  title: string;
  severity: IncidentFact['severity'];
  status: IncidentFact['status'];
  declared_at: Date;
  declared_by: Actor;
  trigger: IncidentFact['trigger'];
  trigger_detail: IncidentFact['triggerDetail'];
  assessment: Assessment | null;
  resolved_at: Date | null;
  closed_at: Date | null;
  deploy_ref: string | null;
  duplicate_of: string | null;
}

export function toIncidentFact(r: IncidentRow): IncidentFact {
  return {
    id: r.id,
    reference: r.reference,
    title: r.title,
    severity: r.severity,
    status: r.status,
    declaredAt: r.declared_at,
    declaredBy: r.declared_by,
    trigger: r.trigger,
    triggerDetail: r.trigger_detail,
    assessment: r.assessment,
    resolvedAt: r.resolved_at,
    closedAt: r.closed_at,
    deployRef: r.deploy_ref,
    duplicateOf: r.duplicate_of,
  };
}

export const INCIDENT_COLUMNS = `id, reference, title, severity, status, declared_at, declared_by, trigger, trigger_detail, assessment, resolved_at, closed_at, deploy_ref, duplicate_of`;

export function toTimelineFact(r: { at: Date; kind: string; text: string; actor: Actor; source: string; internal: boolean; detail: Record<string, unknown> | null }): TimelineFact {
  return { at: r.at, kind: r.kind, text: r.text, actor: r.actor, source: r.source, internal: r.internal, detail: r.detail };
}

export function toDeadlineFact(r: {
  id: string;
  kind: DeadlineFact['kind'];
  owner_role: IncidentRole;
  starts_at: Date;
  due_at: Date;
  breach_at: Date | null;
  state: DeadlineFact['state'];
  met_at: Date | null;
  breached_at: Date | null;
  cancelled_at: Date | null;
}): DeadlineFact {
  return { id: r.id, kind: r.kind, ownerRole: r.owner_role, startsAt: r.starts_at, dueAt: r.due_at, breachAt: r.breach_at, state: r.state, metAt: r.met_at, breachedAt: r.breached_at, cancelledAt: r.cancelled_at };
}

export function toEscalationFact(r: { path: EscalationFact['path']; level: number; contact_role: EscalationContactRole; person_id: string | null; reason: string; fired_at: Date }): EscalationFact {
  return { path: r.path, level: r.level, contactRole: r.contact_role, personId: r.person_id, reason: r.reason, firedAt: r.fired_at };
}

/** Loads the whole record of one incident inside the caller's transaction (or outside one); null if there is no such incident. */
export async function loadIncidentFacts(manager: EntityManager, incidentId: string): Promise<IncidentFacts | null> {
  const [incident]: IncidentRow[] = await manager.query(`SELECT ${INCIDENT_COLUMNS} FROM core.incidents WHERE id = $1`, [incidentId]);
  if (!incident) return null;
  const roles: { role: IncidentRole; person_id: string }[] = await manager.query(`SELECT role, person_id FROM core.incident_roles WHERE incident_id = $1`, [incidentId]);
  const implementers: { person_id: string }[] = await manager.query(`SELECT person_id FROM core.incident_implementers WHERE incident_id = $1 ORDER BY added_at`, [incidentId]);
  const people: PersonFact[] = await manager.query(`SELECT id, name, email FROM core.people ORDER BY name`);
  const contacts: { role: EscalationContactRole; person_id: string }[] = await manager.query(`SELECT role, person_id FROM core.escalation_contacts`);
  const timeline = await manager.query(`SELECT at, kind, text, actor, source, internal, detail FROM core.timeline_entries WHERE incident_id = $1 ORDER BY at, seq`, [incidentId]);
  const deadlines = await manager.query(`SELECT * FROM core.deadlines WHERE incident_id = $1 ORDER BY due_at, starts_at, kind`, [incidentId]);
  const escalations = await manager.query(`SELECT * FROM core.escalations WHERE incident_id = $1 ORDER BY fired_at, path, level`, [incidentId]);
  const compensations: { amount: string; currency: string; customers: string[]; reason: string; authorised_at: Date }[] = await manager.query(
    `SELECT amount, currency, customers, reason, authorised_at FROM core.compensations WHERE incident_id = $1 ORDER BY authorised_at`,
    [incidentId],
  );
  return {
    incident: toIncidentFact(incident),
    roles: Object.fromEntries(roles.map((r) => [r.role, r.person_id])),
    implementers: implementers.map((i) => i.person_id),
    people: Object.fromEntries(people.map((p) => [p.id, { id: p.id, name: p.name, email: p.email }])),
    escalationContacts: Object.fromEntries(contacts.map((c) => [c.role, c.person_id])),
    timeline: timeline.map(toTimelineFact),
    deadlines: deadlines.map(toDeadlineFact),
    escalations: escalations.map(toEscalationFact),
    compensations: compensations.map((c): CompensationFact => ({ amount: Number(c.amount), currency: c.currency, customers: c.customers, reason: c.reason, authorisedAt: c.authorised_at })),
  };
}
