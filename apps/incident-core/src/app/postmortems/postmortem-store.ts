import type { EntityManager } from 'typeorm';
import type { Actor } from '@sitrep/contracts';
import type { ActionItemFact, PostmortemRecord, PostmortemState, SectionVersion } from './document';
import type { SectionKey } from './sections';

/** Reading post-mortems, their sections and action items (core.postmortem*), in the caller's transaction or not. */

interface PostmortemRow {
  incident_id: string;
  state: PostmortemState;
  created_at: Date;
  resolved_at: Date;
  review_slot_start: Date;
  review_slot_end: Date;
  review_slot_within_deadline: boolean;
  reviewed_at: Date | null;
  reviewed_by: string | null;
  review_notes: string | null;
  published_at: Date | null;
  published_by: Actor | null;
}

export async function loadRecord(manager: EntityManager, incidentId: string, lock = false): Promise<(PostmortemRecord & { published: unknown }) | null> {
  const [r]: (PostmortemRow & { published: unknown })[] = await manager.query(
    `SELECT incident_id, state, created_at, resolved_at, review_slot_start, review_slot_end, review_slot_within_deadline, reviewed_at, reviewed_by, review_notes, published_at, published_by, published
     FROM core.postmortems WHERE incident_id = $1${lock ? ' FOR UPDATE' : ''}`,
    [incidentId],
  );
  if (!r) return null;
  return {
    incidentId: r.incident_id,
    state: r.state,
    createdAt: r.created_at,
    resolvedAt: r.resolved_at,
    reviewSlot: { start: r.review_slot_start, end: r.review_slot_end, withinDeadline: r.review_slot_within_deadline },
    reviewedAt: r.reviewed_at,
    reviewedBy: r.reviewed_by,
    reviewNotes: r.review_notes,
    publishedAt: r.published_at,
    publishedBy: r.published_by,
    published: r.published,
  };
}

export async function loadSections(manager: EntityManager, incidentId: string): Promise<SectionVersion[]> {
  const rows: { section: SectionKey; version: number; text: string; author: Actor; written_at: Date }[] = await manager.query(
    `SELECT section, version, text, author, written_at FROM core.postmortem_sections WHERE incident_id = $1 ORDER BY written_at, section, version`,
    [incidentId],
  );
  return rows.map((r) => ({ section: r.section, version: r.version, text: r.text, author: r.author, writtenAt: r.written_at }));
}

export const ACTION_ITEM_COLUMNS = `id, incident_id, position, title, description, owner_person_id, due_date::text AS due_date, priority, status, created_at, updated_at, done_at, jira_key, jira_url`;

export interface ActionItemRow {
  id: string;
  incident_id: string;
  position: number;
  title: string;
  description: string | null;
  owner_person_id: string;
  due_date: string;
  priority: ActionItemFact['priority'];
  status: ActionItemFact['status'];
  created_at: Date;
  updated_at: Date;
  done_at: Date | null;
  jira_key: string | null;
  jira_url: string | null;
}

export function toActionItem(r: ActionItemRow): ActionItemFact {
  return {
    id: r.id,
    position: r.position,
    title: r.title,
    description: r.description,
    ownerPersonId: r.owner_person_id,
    dueDate: r.due_date,
    priority: r.priority,
    status: r.status,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    doneAt: r.done_at,
    jiraKey: r.jira_key,
    jiraUrl: r.jira_url,
  };
}

export async function loadActionItems(manager: EntityManager, incidentId: string): Promise<ActionItemFact[]> {
  const rows: ActionItemRow[] = await manager.query(`SELECT ${ACTION_ITEM_COLUMNS} FROM core.postmortem_action_items WHERE incident_id = $1 ORDER BY position`, [incidentId]);
  return rows.map(toActionItem);
}
