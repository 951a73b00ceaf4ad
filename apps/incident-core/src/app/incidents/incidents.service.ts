import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CLOCK, Clock } from '@sitrep/clock';
import { Actor, IncidentView } from '@sitrep/contracts';
import { ComponentsService } from '../components/components.service';
import { deadlineView, listDeadlines } from '../deadlines/deadline-store';
import { escalationsOf } from '../escalations/escalation-store';
import { ROLE_CHECKLISTS } from '../lifecycle/roles';
import { statusFromTimeline } from '../lifecycle/lifecycle';
import { UnitOfWork } from '../outbox/unit-of-work';
import { POLICY, Policy } from '../policy/policy';
import { roleHolders } from './incident-access';
import { IncidentEntity, toIncidentView } from './incident.entity';

@Injectable()
export class IncidentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly components: ComponentsService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(POLICY) private readonly policy: Policy,
  ) {}

  async list(): Promise<IncidentView[]> {
    const rows = await this.dataSource.getRepository(IncidentEntity).find({ order: { declaredAt: 'DESC' }, take: 200 });
    const commanders: { incident_id: string; person_id: string }[] = await this.dataSource.query(
      `SELECT incident_id, person_id FROM core.incident_roles WHERE role = 'commander' AND incident_id = ANY($1::uuid[])`,
      [rows.map((r) => r.id)],
    );
    const byIncident = new Map(commanders.map((c) => [c.incident_id, c.person_id]));
    return rows.map((r) => toIncidentView(r, byIncident.get(r.id) ?? null));
  }

  async get(id: string) {
    const manager = this.dataSource.manager;
    // Four independent reads, side by side: an incident page asks for this on every view.
    const [incident, holders, implementers, statusLines] = await Promise.all([
      manager.getRepository(IncidentEntity).findOneBy({ id }),
      roleHolders(manager, id),
      manager.query(`SELECT person_id FROM core.incident_implementers WHERE incident_id = $1 ORDER BY added_at`, [id]) as Promise<{ person_id: string }[]>,
      manager.query(`SELECT kind, detail FROM core.timeline_entries WHERE incident_id = $1 AND kind = 'status_changed' ORDER BY at, seq`, [id]) as Promise<{ kind: string; detail: unknown }[]>,
    ]);
    if (!incident) throw new NotFoundException(`no incident with id ${id}`);
    return {
      ...toIncidentView(incident, holders.commander ?? null),
      status: statusFromTimeline(statusLines),
      duplicateOf: incident.duplicateOf,
      triggerDetail: incident.triggerDetail,
      assessment: incident.assessment,
      fix: { deployedAt: incident.fixDeployedAt?.toISOString() ?? null, deployRef: incident.deployRef, verificationPassed: incident.verificationPassed },
      stability: { stableSince: incident.stableSince?.toISOString() ?? null, lastSignalHealthy: incident.lastSignalHealthy },
      resolvedAt: incident.resolvedAt?.toISOString() ?? null,
      recoveryWatchEndsAt: incident.recoveryWatchEndsAt?.toISOString() ?? null,
      closedAt: incident.closedAt?.toISOString() ?? null,
      roles: Object.fromEntries(
        Object.entries(ROLE_CHECKLISTS).map(([role, checklist]) => [role, { personId: holders[role as keyof typeof holders] ?? null, checklist }]),
      ),
      implementers: implementers.map((i) => i.person_id),
    };
  }

  async timeline(id: string) {
    await this.exists(id);
    const rows: { at: Date; kind: string; text: string; actor: Actor; source: string; internal: boolean; detail: unknown; event_id: string | null }[] = await this.dataSource.query(
      `SELECT at, kind, text, actor, source, internal, detail, event_id FROM core.timeline_entries WHERE incident_id = $1 ORDER BY at, seq`,
      [id],
    );
    return rows.map((r) => ({ at: r.at.toISOString(), kind: r.kind, text: r.text, actor: r.actor, source: r.source, internal: r.internal, detail: r.detail, eventId: r.event_id }));
  }

  async deadlines(id: string) {
    await this.exists(id);
    const holders = await roleHolders(this.dataSource.manager, id);
    const rows = await listDeadlines(this.dataSource.manager, id);
    return rows.map((r) => ({
      ...deadlineView(r, holders[r.owner_role] ?? null),
      warnAt: r.warn_at.toISOString(),
      breachAt: r.breach_at?.toISOString() ?? null,
      warnedAt: r.warned_at?.toISOString() ?? null,
      breachedAt: r.breached_at?.toISOString() ?? null,
      cancelledAt: r.cancelled_at?.toISOString() ?? null,
    }));
  }

  async escalations(id: string) {
    await this.exists(id);
    const rows = await escalationsOf(this.dataSource.manager, id);
    return rows.map((r) => ({ path: r.path, level: r.level, contactRole: r.contact_role, personId: r.person_id, reason: r.reason, firedAt: r.fired_at.toISOString() }));
  }

  private async exists(id: string): Promise<void> {
    const found = await this.dataSource.getRepository(IncidentEntity).existsBy({ id });
    if (!found) throw new NotFoundException(`no incident with id ${id}`);
  }
}
