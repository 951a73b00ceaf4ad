import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { DeadlineKind, DeadlineState, DeadlineView, IncidentRole } from '@sitrep/contracts';
import { DeadlinePlan } from './deadline-rules';

export interface DeadlineRow {
  id: string;
  incident_id: string;
  kind: DeadlineKind;
  owner_role: IncidentRole;
  starts_at: Date;
  warn_at: Date;
  due_at: Date;
  breach_at: Date | null;
  state: DeadlineState;
  warned_at: Date | null;
  due_fired_at: Date | null;
  breached_at: Date | null;
  met_at: Date | null;
  cancelled_at: Date | null;
}

export function deadlineView(row: DeadlineRow, ownerPersonId: string | null): DeadlineView {
  return {
    id: row.id,
    incidentId: row.incident_id,
    kind: row.kind,
    ownerRole: row.owner_role,
    ownerPersonId,
    dueAt: row.due_at.toISOString(),
    state: row.state,
    metAt: row.met_at ? row.met_at.toISOString() : null,
  };
}

/** Creates clocks in the caller's transaction, so a deadline exists if and only if its cause committed. */
export async function createDeadlines(manager: EntityManager, incidentId: string, plans: readonly DeadlinePlan[]): Promise<DeadlineRow[]> {
  const rows: DeadlineRow[] = [];
  for (const p of plans) {
    const [row] = await manager.query(
      `INSERT INTO core.deadlines (id, incident_id, kind, owner_role, starts_at, warn_at, due_at, breach_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
      [randomUUID(), incidentId, p.kind, p.ownerRole, p.startsAt, p.warnAt, p.dueAt, p.breachAt],
    );
    rows.push(row);
  }
  return rows;
}

/**
 * Marks the live clock of a kind as met. A clock already breached keeps its state and gains the time it
 * was finally met. Returns the row, or null when there was nothing to meet.
 */
export async function meetDeadline(manager: EntityManager, incidentId: string, kind: DeadlineKind, at: Date): Promise<DeadlineRow | null> {
  const rows: DeadlineRow[] = await manager.query(
    `WITH met AS (
       UPDATE core.deadlines SET state = CASE WHEN state = 'pending' THEN 'met' ELSE state END, met_at = $3
       WHERE id = (SELECT id FROM core.deadlines WHERE incident_id = $1 AND kind = $2 AND met_at IS NULL AND state IN ('pending', 'breached')
                   ORDER BY due_at LIMIT 1 FOR UPDATE)
       RETURNING *)
     SELECT * FROM met`,
    [incidentId, kind, at],
  );
  return rows[0] ?? null;
}

export async function cancelDeadlines(manager: EntityManager, incidentId: string, kinds: readonly DeadlineKind[], at: Date): Promise<DeadlineRow[]> {
  return manager.query(
    `WITH cancelled AS (
       UPDATE core.deadlines SET state = 'cancelled', cancelled_at = $3
       WHERE incident_id = $1 AND kind = ANY($2::text[]) AND state = 'pending' RETURNING *)
     SELECT * FROM cancelled`,
    [incidentId, kinds, at],
  );
}

export async function listDeadlines(manager: EntityManager, incidentId: string): Promise<DeadlineRow[]> {
  return manager.query(`SELECT * FROM core.deadlines WHERE incident_id = $1 ORDER BY due_at, kind`, [incidentId]);
}
