import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CLOCK, Clock } from '@sitrep/clock';
import type { Actor, IncidentRole } from '@sitrep/contracts';
import type { IncidentFact } from '../postmortems/facts';
import { INCIDENT_COLUMNS, toDeadlineFact, toEscalationFact, toIncidentFact } from '../postmortems/load-facts';
import { MonthlyReport, ReportIncident, monthOf, monthRange, monthlyReport } from './monthly-report';

/** Loads the month's incidents with what the report measures, in a handful of queries. */
@Injectable()
export class ReportsService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async monthly(month?: string): Promise<MonthlyReport> {
    const now = this.clock.now();
    const chosen = month ?? monthOf(now);
    const { from, to } = monthRange(chosen);
    const db = this.dataSource.manager;
    const incidents: IncidentFact[] = (await db.query(`SELECT ${INCIDENT_COLUMNS} FROM core.incidents WHERE declared_at >= $1 AND declared_at < $2 ORDER BY declared_at`, [from, to])).map(toIncidentFact);
    const ids = incidents.map((i) => i.id);
    const byIncident = <T extends { incident_id: string }>(rows: T[]) => {
      const map = new Map<string, T[]>();
      for (const r of rows) map.set(r.incident_id, [...(map.get(r.incident_id) ?? []), r]);
      return (id: string) => map.get(id) ?? [];
    };
    const commanders = byIncident<{ incident_id: string; role: IncidentRole; person_id: string }>(
      await db.query(`SELECT incident_id, role, person_id FROM core.incident_roles WHERE role = 'commander' AND incident_id = ANY($1::uuid[])`, [ids]),
    );
    // Only the lines the measures read: actions by people, the assessment, published communications.
    const lines = byIncident<{ incident_id: string; at: Date; kind: string; actor: Actor; detail: Record<string, unknown> | null }>(
      await db.query(
        `SELECT incident_id, at, kind, actor, detail FROM core.timeline_entries
         WHERE incident_id = ANY($1::uuid[]) AND (actor->>'kind' = 'person' OR kind IN ('assessment', 'communication_published'))
         ORDER BY at, seq`,
        [ids],
      ),
    );
    const deadlines = byIncident<{ incident_id: string } & Parameters<typeof toDeadlineFact>[0]>(await db.query(`SELECT * FROM core.deadlines WHERE incident_id = ANY($1::uuid[]) ORDER BY due_at, starts_at`, [ids]));
    const escalations = byIncident<{ incident_id: string } & Parameters<typeof toEscalationFact>[0]>(await db.query(`SELECT * FROM core.escalations WHERE incident_id = ANY($1::uuid[]) ORDER BY fired_at`, [ids]));
    const items = byIncident<{ incident_id: string; status: 'open' | 'done'; due_date: string }>(
      await db.query(`SELECT incident_id, status, due_date::text AS due_date FROM core.postmortem_action_items WHERE incident_id = ANY($1::uuid[])`, [ids]),
    );
    const postmortems = byIncident<{ incident_id: string; state: ReportIncident['postmortemState'] }>(await db.query(`SELECT incident_id, state FROM core.postmortems WHERE incident_id = ANY($1::uuid[])`, [ids]));
    const input: ReportIncident[] = incidents.map((i) => ({
      id: i.id,
      reference: i.reference,
      title: i.title,
      severity: i.severity,
      declaredAt: i.declaredAt,
      declaredBy: i.declaredBy,
      resolvedAt: i.resolvedAt,
      duplicateOf: i.duplicateOf,
      commanderId: commanders(i.id)[0]?.person_id ?? null,
      timeline: lines(i.id).map((l) => ({ at: l.at, kind: l.kind, actor: l.actor, detail: l.detail })),
      deadlines: deadlines(i.id).map(toDeadlineFact),
      escalations: escalations(i.id).map(toEscalationFact),
      actionItems: items(i.id).map((a) => ({ status: a.status, dueDate: a.due_date })),
      postmortemState: postmortems(i.id)[0]?.state ?? null,
    }));
    return monthlyReport(chosen, input, now);
  }
}
