import { randomUUID } from 'node:crypto';
import { EntityManager, In } from 'typeorm';
import type { Actor, CommunicationKind, ComponentStatus, Severity } from '@sitrep/contracts';
import { COMMS_ACTOR } from '../access/principal';
import { KnownComponentEntity } from '../components/known-component.entity';
import { KnownIncidentEntity } from '../incidents/known-incident.entity';
import type { MessageComponent, MessageRenderer } from '../templates/message-renderer';
import { CommunicationContent, CommunicationEntity } from './communication.entity';
import type { DraftPlan, PublishedState } from './draft-rules';

/** Reads and writes of drafts shared by the API and the event handlers; every function runs in the caller's transaction. */

export class ComponentsNotHeardOf extends Error {
  constructor(readonly ids: string[]) {
    super(`component(s) not heard of yet: ${ids.join(', ')}`);
  }
}

/** Names for component ids, in the order given; unknown ids are reported, not guessed. */
export async function namedComponents(manager: EntityManager, components: readonly { id: string; status: ComponentStatus }[]): Promise<MessageComponent[]> {
  if (components.length === 0) return [];
  const known = await manager.getRepository(KnownComponentEntity).findBy({ id: In(components.map((c) => c.id)) });
  const names = new Map(known.map((k) => [k.id, k.name]));
  const missing = components.filter((c) => !names.has(c.id)).map((c) => c.id);
  if (missing.length > 0) throw new ComponentsNotHeardOf(missing);
  return components.map((c) => ({ id: c.id, name: names.get(c.id) as string, status: c.status }));
}

/** Serialises drafting for one incident across replicas; null when comms has not heard of it. */
export async function lockIncident(manager: EntityManager, incidentId: string): Promise<KnownIncidentEntity | null> {
  return manager.getRepository(KnownIncidentEntity).findOne({ where: { id: incidentId }, lock: { mode: 'pessimistic_write' } });
}

export async function lastPublished(manager: EntityManager, incidentId: string): Promise<PublishedState | null> {
  const row = await manager.getRepository(CommunicationEntity).findOne({ where: { incidentId, state: 'approved' }, order: { publishedAt: 'DESC' } });
  return row ? { status: row.status, impact: row.impact, components: row.components, channels: row.channels } : null;
}

export async function countByState(manager: EntityManager, incidentId: string): Promise<{ pending: number; published: number }> {
  const rows: { state: string; n: number }[] = await manager.query(`SELECT state, count(*)::int AS n FROM comms.communications WHERE incident_id = $1 GROUP BY state`, [incidentId]);
  const of = (state: string) => rows.find((r) => r.state === state)?.n ?? 0;
  return { pending: of('pending'), published: of('approved') };
}

export interface NewDraft extends CommunicationContent {
  incidentId: string;
  kind: CommunicationKind;
  origin: 'person' | 'auto';
  trigger: string | null;
  draftedBy: Actor;
  sourceEventId: string | null;
  at: Date;
  subject?: 'incident' | 'maintenance';
  scheduledFor?: Date | null;
  scheduledUntil?: Date | null;
}

export async function insertDraft(manager: EntityManager, draft: NewDraft): Promise<CommunicationEntity> {
  const row = manager.create(CommunicationEntity, {
    id: randomUUID(),
    incidentId: draft.incidentId,
    subject: draft.subject ?? 'incident',
    kind: draft.kind,
    state: 'pending',
    origin: draft.origin,
    trigger: draft.trigger,
    title: draft.title,
    status: draft.status,
    impact: draft.impact,
    body: draft.body,
    components: draft.components,
    channels: draft.channels,
    draftedBy: draft.draftedBy,
    createdAt: draft.at,
    decidedBy: null,
    decidedAt: null,
    edited: false,
    original: null,
    rejectionReason: null,
    publishedAt: null,
    publishedEventId: null,
    sourceEventId: draft.sourceEventId,
    scheduledFor: draft.scheduledFor ?? null,
    scheduledUntil: draft.scheduledUntil ?? null,
  });
  await manager.getRepository(CommunicationEntity).insert(row);
  return row;
}

/** A draft comms writes by itself: the plan's fields, the incident's title, the kind's template for the body. */
export async function insertAutoDraft(
  manager: EntityManager,
  renderer: MessageRenderer,
  input: { incident: KnownIncidentEntity; plan: DraftPlan; trigger: string; sourceEventId: string; at: Date },
): Promise<CommunicationEntity> {
  const { incident, plan } = input;
  const components = await namedComponents(manager, plan.components);
  const body = renderer.draftBody(plan.kind, {
    status: plan.status,
    title: incident.title,
    components,
    incident: { reference: incident.reference, severity: incident.severity as Severity },
  });
  return insertDraft(manager, {
    incidentId: incident.id,
    kind: plan.kind,
    origin: 'auto',
    trigger: input.trigger,
    draftedBy: COMMS_ACTOR,
    sourceEventId: input.sourceEventId,
    at: input.at,
    title: incident.title,
    status: plan.status,
    impact: plan.impact,
    body,
    components,
    channels: plan.channels,
  });
}

/** Rejects an incident's pending drafts of the given kinds, saying why; returns how many. */
export async function supersedePending(manager: EntityManager, incidentId: string, kinds: readonly CommunicationKind[], reason: string, at: Date): Promise<number> {
  const rows: unknown[] = await manager.query(
    `UPDATE comms.communications SET state = 'rejected', decided_by = $3::jsonb, decided_at = $4, rejection_reason = $5
     WHERE incident_id = $1 AND state = 'pending' AND kind = ANY($2::text[]) RETURNING id`,
    [incidentId, kinds, JSON.stringify(COMMS_ACTOR), at, reason],
  );
  // node-postgres returns [rows, count] for UPDATE … RETURNING through TypeORM's query().
  const affected = Array.isArray(rows[0]) ? (rows[0] as unknown[]).length : rows.length;
  return affected;
}
