import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Actor } from '@sitrep/contracts';

export interface TimelineLine {
  incidentId: string;
  at: Date;
  kind: string;
  text: string;
  actor: Actor;
  eventId?: string | null;
  /** Where it came from: the API, a clock, or another service's event. */
  source?: 'api' | 'clock' | 'comms' | 'monitoring';
  /** Internal notes are never shown to customers; everything on the timeline is internal unless marked. */
  internal?: boolean;
  detail?: Record<string, unknown> | null;
}

/** Appends one line to an incident's timeline; lines are never updated or deleted. */
export async function appendTimeline(manager: EntityManager, line: TimelineLine): Promise<void> {
  await manager.query(
    `INSERT INTO core.timeline_entries (id, incident_id, at, kind, text, actor, event_id, source, internal, detail)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      randomUUID(),
      line.incidentId,
      line.at,
      line.kind,
      line.text,
      JSON.stringify(line.actor),
      line.eventId ?? null,
      line.source ?? 'api',
      line.internal ?? true,
      line.detail ? JSON.stringify(line.detail) : null,
    ],
  );
}
