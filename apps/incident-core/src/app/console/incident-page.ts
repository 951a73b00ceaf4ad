import type { DataSource } from 'typeorm';
import type { CommandName } from '@sitrep/contracts';
import { incidentRoleSchema, incidentStatusSchema, severitySchema } from '@sitrep/contracts';
import { listDeadlines } from '../deadlines/deadline-store';
import { listAlerts } from '../alerts/alert-store';
import type { IncidentsService } from '../incidents/incidents.service';
import { ROLE_CHECKLISTS } from '../lifecycle/roles';
import type { Person } from '../people/person.entity';
import { displayClock, durationText } from './clock-display';
import { nextStep } from './next-step';

export interface TimelineLine {
  seq: string;
  at: string;
  kind: string;
  text: string;
  who: string;
}

export const ROLE_TITLES: Record<string, string> = {
  commander: 'Incident commander',
  engineering_lead: 'Engineering lead',
  support_lead: 'Support lead',
  comms_lead: 'Communications lead',
  executive_sponsor: 'Executive sponsor',
};

export async function loadTimeline(dataSource: DataSource, incidentId: string, afterSeq = '0'): Promise<TimelineLine[]> {
  const rows: { seq: string; at: Date; kind: string; text: string; actor: { name?: string; id?: string; kind?: string } }[] = await dataSource.query(
    `SELECT seq::text AS seq, at, kind, text, actor FROM core.timeline_entries WHERE incident_id = $1 AND seq > $2::bigint ORDER BY at, seq`,
    [incidentId, afterSeq],
  );
  return rows.map((r) => ({ seq: r.seq, at: r.at.toISOString(), kind: r.kind, text: r.text, who: r.actor?.name ?? r.actor?.kind ?? '' }));
}

/** Everything the incident page shows, in one model: status and next step, roles, clocks, timeline, forms. */
export async function incidentPageModel(input: {
  dataSource: DataSource;
  incidents: IncidentsService;
  people: Person[];
  components: { id: string; name: string }[];
  incidentId: string;
  allowed: Set<CommandName>;
  now: Date;
}) {
  const { dataSource, incidentId, allowed, now } = input;
  const incident = await input.incidents.get(incidentId);
  const names = new Map(input.people.map((p) => [p.id, p.name]));
  const clocks = (await listDeadlines(dataSource.manager, incidentId)).map((row) => displayClock(row, now));
  const timeline = await loadTimeline(dataSource, incidentId);
  const [pm]: { state: string }[] = await dataSource.query(`SELECT state FROM core.postmortems WHERE incident_id = $1`, [incidentId]);
  const lastTold = [...timeline].reverse().find((line) => line.kind === 'communication_published') ?? null;
  // The alerts monitoring linked to the incident, latest change first; the API has them all.
  const componentNames = new Map(input.components.map((c) => [c.id, c.name]));
  const [{ n: alertCount }]: { n: number }[] = await dataSource.query(`SELECT count(*)::int AS n FROM core.alerts WHERE incident_id = $1`, [incidentId]);
  const alerts = (await listAlerts(dataSource.manager, { incidentId, limit: 20 })).map((a) => ({
    name: a.name,
    status: a.status,
    components: a.componentIds.map((id) => componentNames.get(id) ?? id).join(', '),
    since: a.history.at(-1)?.at ?? a.firstReceivedAt,
  }));
  const roles = incidentRoleSchema.options.map((role) => {
    const personId = (incident.roles as Record<string, { personId: string | null }>)[role]?.personId ?? null;
    return { role, title: ROLE_TITLES[role], person: personId ? names.get(personId) ?? 'someone no longer on the roster' : null, checklist: ROLE_CHECKLISTS[role] };
  });
  const may = (name: CommandName) => allowed.has(name);
  const formNames: CommandName[] = [
    'change_status', 'change_severity', 'assign_role', 'add_implementer', 'record_assessment', 'fix_deployed', 'record_verification', 'record_signal',
    'resolve', 'reopen', 'close', 'mark_duplicate', 'add_note', 'report_ticket_volume', 'flag_media_attention', 'send_executive_update', 'authorise_compensation',
  ];
  return {
    pageTitle: `${incident.reference} ${incident.title}`,
    script: true,
    incident: {
      ...incident,
      timeOpen: durationText(new Date(incident.declaredAt), incident.closedAt ? new Date(incident.closedAt) : now),
      commander: incident.commanderId ? names.get(incident.commanderId) ?? null : null,
      implementers: incident.implementers.map((id: string) => names.get(id) ?? id),
    },
    nextStep: nextStep({
      status: incident.status,
      hasCommander: Boolean(incident.commanderId),
      assessed: Boolean(incident.assessment),
      fixDeployed: Boolean(incident.fix.deployedAt),
      verified: incident.fix.verificationPassed,
      recoveryWatchEndsAt: incident.recoveryWatchEndsAt,
      postmortemState: pm?.state ?? null,
    }),
    postmortem: pm ? { state: pm.state } : null,
    roles,
    clocks,
    timeline,
    lastSeq: timeline.reduce((max, line) => (BigInt(line.seq) > BigInt(max) ? line.seq : max), '0'),
    lastTold,
    alerts,
    alertsMore: Math.max(0, alertCount - alerts.length),
    forms: Object.fromEntries(formNames.map((name) => [name, may(name)])),
    anyForm: formNames.some(may),
    options: {
      statuses: incidentStatusSchema.options.filter((s) => s !== 'declared'),
      severities: severitySchema.options,
      roles: incidentRoleSchema.options.map((role) => ({ value: role, title: ROLE_TITLES[role] })),
      people: input.people.map((p) => ({ id: p.id, name: p.name })),
      components: input.components.map((c) => ({ ...c, checked: incident.componentIds.includes(c.id) })),
    },
  };
}
