import { NotFoundException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { IncidentRole, IncidentStateSummary, incidentRoleSchema } from '@sitrep/contracts';
import { LABEL } from '../../deadlines/deadline-events';
import { listDeadlines } from '../../deadlines/deadline-store';
import { IncidentEntity } from '../../incidents/incident.entity';
import { nextStep } from '../../lifecycle/next-step';
import type { Policy } from '../../policy/policy';
import { ROLE_NAMES } from '../kernel/role-holders';

/** The war room's view of one incident (`queries.incident_state`, `/incident` in Slack): read-only. */
export async function incidentState(manager: EntityManager, policy: Policy, incidentId: string, now: Date): Promise<IncidentStateSummary> {
  const incident = await manager.getRepository(IncidentEntity).findOneBy({ id: incidentId });
  if (!incident) throw new NotFoundException(`no incident with id ${incidentId}`);
  const roleRows: { role: IncidentRole; id: string; name: string; slack_user_id: string | null }[] = await manager.query(
    `SELECT r.role, p.id, p.name, p.slack_user_id FROM core.incident_roles r JOIN core.people p ON p.id = r.person_id WHERE r.incident_id = $1`,
    [incidentId],
  );
  const byRole = new Map(roleRows.map((r) => [r.role, r]));
  const implementers: { id: string; name: string }[] = await manager.query(
    `SELECT p.id, p.name FROM core.incident_implementers i JOIN core.people p ON p.id = i.person_id WHERE i.incident_id = $1 ORDER BY i.added_at`,
    [incidentId],
  );
  const [postmortem]: { state: 'draft' | 'reviewed' | 'published' }[] = await manager.query(`SELECT state FROM core.postmortems WHERE incident_id = $1`, [incidentId]);
  const clocks = await listDeadlines(manager, incidentId);
  return {
    id: incident.id,
    reference: incident.reference,
    title: incident.title,
    severity: incident.severity,
    status: incident.status,
    declaredAt: incident.declaredAt.toISOString(),
    roles: incidentRoleSchema.options.map((role) => {
      const holder = byRole.get(role);
      return { role, label: ROLE_NAMES[role], person: holder ? { id: holder.id, name: holder.name, slackUserId: holder.slack_user_id } : null };
    }),
    implementers,
    clocks: clocks.map((c) => ({
      kind: c.kind,
      label: LABEL[c.kind] ?? c.kind,
      ownerRole: c.owner_role,
      ownerName: byRole.get(c.owner_role as IncidentRole)?.name ?? null,
      dueAt: c.due_at.toISOString(),
      state: c.state,
      metAt: c.met_at?.toISOString() ?? null,
    })),
    nextStep: nextStep({
      status: incident.status,
      severity: incident.severity,
      holders: Object.fromEntries(roleRows.map((r) => [r.role, r.id])),
      assessed: incident.assessment !== null,
      fixDeployed: incident.fixDeployedAt !== null,
      verificationPassed: incident.verificationPassed,
      stableSince: incident.stableSince,
      stabilityWindowMs: policy.severities[incident.severity].stabilityWindow,
      recoveryWatchEndsAt: incident.recoveryWatchEndsAt,
      postmortemState: postmortem?.state ?? null,
      now,
    }),
  };
}
