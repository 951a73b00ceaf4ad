import { z } from 'zod';
import type { DataSource } from 'typeorm';
import { incidentStatusSchema, severitySchema } from '@sitrep/contracts';
import { ClockRow, durationText, nextClock } from './clock-display';

/** The list's filters, from the query string; a bad one is a 400 naming it. */
export const incidentListFilter = z
  .object({
    severity: z.union([severitySchema, z.literal('')]).optional(),
    status: z.union([incidentStatusSchema, z.literal('')]).optional(),
    month: z.union([z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month written as YYYY-MM'), z.literal('')]).optional(),
  })
  .passthrough();
export type IncidentListFilter = z.infer<typeof incidentListFilter>;

const ENDED = ['resolved', 'recovery_watch', 'closed'];

interface IncidentRow {
  id: string;
  reference: string;
  title: string;
  severity: string;
  status: string;
  declared_at: Date;
  closed_at: Date | null;
  resolved_at: Date | null;
  commander: string | null;
}

/** Active incidents first (newest first), then the rest; each with its commander and its next clock. */
export async function loadIncidentList(dataSource: DataSource, filter: IncidentListFilter, now: Date) {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.severity) where.push(`i.severity = $${params.push(filter.severity)}`);
  if (filter.status) where.push(`i.status = $${params.push(filter.status)}`);
  if (filter.month) where.push(`to_char(i.declared_at AT TIME ZONE 'UTC', 'YYYY-MM') = $${params.push(filter.month)}`);
  const rows: IncidentRow[] = await dataSource.query(
    `SELECT i.id, i.reference, i.title, i.severity, i.status, i.declared_at, i.closed_at, i.resolved_at, p.name AS commander
     FROM core.incidents i
     LEFT JOIN core.incident_roles r ON r.incident_id = i.id AND r.role = 'commander'
     LEFT JOIN core.people p ON p.id = r.person_id
     ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY (i.status = ANY($${params.push(ENDED)}::text[])), i.declared_at DESC
     LIMIT 500`,
    params,
  );
  const clocks: (ClockRow & { incident_id: string })[] = rows.length
    ? await dataSource.query(`SELECT incident_id, kind, due_at, state, met_at, breached_at FROM core.deadlines WHERE incident_id = ANY($1::uuid[]) AND state IN ('pending', 'breached') AND met_at IS NULL`, [rows.map((r) => r.id)])
    : [];
  const byIncident = new Map<string, ClockRow[]>();
  for (const c of clocks) byIncident.set(c.incident_id, [...(byIncident.get(c.incident_id) ?? []), c]);
  return rows.map((r) => ({
    id: r.id,
    reference: r.reference,
    title: r.title,
    severity: r.severity,
    status: r.status,
    active: !ENDED.includes(r.status),
    commander: r.commander,
    declaredAt: r.declared_at.toISOString(),
    timeOpen: durationText(r.declared_at, r.closed_at ?? r.resolved_at ?? now),
    next: nextClock(byIncident.get(r.id) ?? [], now),
  }));
}
