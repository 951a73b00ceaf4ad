import type { DataSource } from 'typeorm';
import type { CommandName } from '@sitrep/contracts';
import { incidentRoleSchema, incidentStatusSchema, severitySchema } from '@sitrep/contracts';
import { listDeadlines } from '../deadlines/deadline-store';
import { listAlerts } from '../alerts/alert-store';
import type { IncidentsService } from '../incidents/incidents.service';
import { ROLE_CHECKLISTS } from '../lifecycle/roles';
import type { Person } from '../people/person.entity';
import { displayClock, durationText } from './clock-display';
import type { ConsoleRights } from './console-commands';
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

/** How many timeline lines the incident page renders at once; older ones are a link away ("?before="). */
export const TIMELINE_PAGE_SIZE = 100;

type TimelineRow = { seq: string; at: Date; kind: string; text: string; actor: { name?: string; id?: string; kind?: string } };
const lineOf = (r: TimelineRow): TimelineLine => ({ seq: r.seq, at: r.at.toISOString(), kind: r.kind, text: r.text, who: r.actor?.name ?? r.actor?.kind ?? '' });

/** Every line after a sequence number, in order: what the live feed sends an open page. */
export async function loadTimeline(dataSource: DataSource, incidentId: string, afterSeq = '0'): Promise<TimelineLine[]> {
  const rows: TimelineRow[] = await dataSource.query(
    `SELECT t.seq::text AS seq, t.at, t.kind, t.text, t.actor FROM core.timeline_entries t WHERE t.incident_id = $1 AND t.seq > $2::bigint ORDER BY t.seq LIMIT 1000`,
    [incidentId, afterSeq],
  );
  return rows.map(lineOf);
}

export interface TimelinePage {
  lines: TimelineLine[];
  /** The sequence to ask "?before=" for the lines before these; null when these are the first. */
  olderBefore: string | null;
  /** Whether these are the newest lines (the page then appends new ones live). */
  newest: boolean;
  lastSeq: string;
}

/**
 * One page of the timeline: the newest lines, or those before a sequence number, oldest first on the
 * page. An index range scan on (incident_id, seq) reading one row more than the page tells whether older
 * lines exist, so the cost does not grow with the timeline.
 */
export async function loadTimelinePage(dataSource: DataSource, incidentId: string, beforeSeq: string | null, size = TIMELINE_PAGE_SIZE): Promise<TimelinePage> {
  const rows: TimelineRow[] = await dataSource.query(
    `SELECT t.seq::text AS seq, t.at, t.kind, t.text, t.actor FROM core.timeline_entries t WHERE t.incident_id = $1 AND ($2::bigint IS NULL OR t.seq < $2::bigint) ORDER BY t.seq DESC LIMIT $3`,
    [incidentId, beforeSeq, size + 1],
  );
  const more = rows.length > size;
  const lines = rows.slice(0, size).reverse().map(lineOf);
  let lastSeq = lines.at(-1)?.seq ?? '0';
  if (beforeSeq !== null) {
    const [newest]: { seq: string | null }[] = await dataSource.query(`SELECT max(seq)::text AS seq FROM core.timeline_entries WHERE incident_id = $1`, [incidentId]);
    lastSeq = newest?.seq ?? '0';
  }
  return { lines, olderBefore: more ? lines[0].seq : null, newest: beforeSeq === null, lastSeq };
}

/** The newest line of a kind, as JSON, by the (incident_id, kind, seq) index. */
const latestOfKind = (kind: 'communication_published' | 'possible_recurrence') =>
  `(SELECT row_to_json(l) FROM (SELECT t.seq::text AS seq, t.at, t.kind, t.text, t.actor FROM core.timeline_entries t WHERE t.incident_id = $1 AND t.kind = '${kind}' ORDER BY t.seq DESC LIMIT 1) l)`;

/**
 * The small facts of the incident page in one round trip: the post-mortem's state, the last customer
 * notice, the last possible recurrence and how many alerts are linked (each an indexed lookup).
 */
async function pageFacts(dataSource: DataSource, incidentId: string) {
  const [row]: { pm_state: string | null; last_told: (Omit<TimelineRow, 'at'> & { at: string }) | null; recurrence: (Omit<TimelineRow, 'at'> & { at: string }) | null; alert_count: number }[] = await dataSource.query(
    `SELECT (SELECT state FROM core.postmortems WHERE incident_id = $1) AS pm_state,
            ${latestOfKind('communication_published')} AS last_told,
            ${latestOfKind('possible_recurrence')} AS recurrence,
            (SELECT count(*)::int FROM core.alerts WHERE incident_id = $1) AS alert_count`,
    [incidentId],
  );
  const line = (r: (Omit<TimelineRow, 'at'> & { at: string }) | null) => (r ? lineOf({ ...r, at: new Date(r.at) }) : null);
  return { pm: row.pm_state ? { state: row.pm_state } : undefined, lastTold: line(row.last_told), recurrenceLine: line(row.recurrence), alertCount: row.alert_count };
}

const FORM_NAMES: CommandName[] = [
  'change_status', 'change_severity', 'assign_role', 'add_implementer', 'record_assessment', 'fix_deployed', 'record_verification', 'record_signal',
  'resolve', 'reopen', 'close', 'mark_duplicate', 'add_note', 'report_ticket_volume', 'flag_media_attention', 'send_executive_update', 'authorise_compensation',
];

/**
 * The part of the incident page that changes as people act: status and next step, roles, clocks, alerts
 * and the forms this person may use. The page renders it inline; open pages fetch it again (the "live"
 * fragment) when a new timeline line arrives.
 */
export async function incidentStateModel(input: {
  dataSource: DataSource;
  incidents: IncidentsService;
  people: Person[];
  components: { id: string; name: string }[];
  incidentId: string;
  rights: ConsoleRights;
  now: Date;
}) {
  const { dataSource, incidentId, rights, now } = input;
  // Independent indexed reads, side by side (the pool has connections to spare): the page's time is the
  // slowest of them, not their sum.
  const [incident, deadlines, { pm, lastTold, recurrenceLine, alertCount }, linkedAlerts] = await Promise.all([
    input.incidents.get(incidentId),
    listDeadlines(dataSource.manager, incidentId),
    pageFacts(dataSource, incidentId),
    // The alerts monitoring linked to the incident, latest change first; the API has them all.
    listAlerts(dataSource.manager, { incidentId, limit: 20 }),
  ]);
  const names = new Map(input.people.map((p) => [p.id, p.name]));
  const clocks = deadlines.map((row) => displayClock(row, now));
  // A possible recurrence flagged during this recovery watch (by an alert or an unhealthy signal) offers Reopen.
  const recurrence = incident.status === 'recovery_watch' && recurrenceLine && incident.resolvedAt && recurrenceLine.at >= incident.resolvedAt ? recurrenceLine : null;
  const componentNames = new Map(input.components.map((c) => [c.id, c.name]));
  const alerts = linkedAlerts.map((a) => ({
    name: a.name,
    status: a.status,
    components: a.componentIds.map((id) => componentNames.get(id) ?? id).join(', '),
    since: a.history.at(-1)?.at ?? a.firstReceivedAt,
  }));
  const roles = incidentRoleSchema.options.map((role) => {
    const personId = (incident.roles as Record<string, { personId: string | null }>)[role]?.personId ?? null;
    return { role, title: ROLE_TITLES[role], person: personId ? names.get(personId) ?? 'someone no longer on the roster' : null, checklist: ROLE_CHECKLISTS[role] };
  });
  const may = (name: CommandName) => rights.commands.has(name);
  return {
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
    lastTold,
    recurrence: recurrence ? { ...recurrence, mayReopen: may('reopen') } : null,
    alerts,
    alertsMore: Math.max(0, alertCount - alerts.length),
    forms: Object.fromEntries(FORM_NAMES.map((name) => [name, may(name)])),
    // A lead or the sponsor may only pass their own role on: the form says so.
    handOverOwnRole: rights.assignableRoles.length === 1 && rights.assignableRoles[0] !== 'commander',
    anyForm: FORM_NAMES.some(may),
    options: {
      statuses: incidentStatusSchema.options.filter((s) => s !== 'declared'),
      severities: severitySchema.options,
      // Only the roles this person may hand over: every role for the commander, their own for a holder.
      roles: rights.assignableRoles.map((role) => ({ value: role, title: ROLE_TITLES[role] })),
      people: input.people.map((p) => ({ id: p.id, name: p.name })),
      components: input.components.map((c) => ({ ...c, checked: incident.componentIds.includes(c.id) })),
    },
  };
}

/** Everything the incident page shows: the live part and one page of the timeline. */
export async function incidentPageModel(input: Parameters<typeof incidentStateModel>[0] & { beforeSeq: string | null }) {
  const [state, timeline] = await Promise.all([incidentStateModel(input), loadTimelinePage(input.dataSource, input.incidentId, input.beforeSeq)]);
  return {
    pageTitle: `${state.incident.reference} ${state.incident.title}`,
    script: true,
    ...state,
    timeline: timeline.lines,
    olderBefore: timeline.olderBefore,
    newestTimeline: timeline.newest,
    lastSeq: timeline.lastSeq,
  };
}
