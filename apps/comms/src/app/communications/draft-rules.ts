import {
  Channel,
  CommunicationKind,
  ComponentStatus,
  DeadlineKind,
  Impact,
  IncidentStatus,
  PublicStatus,
  Severity,
  channelSchema,
  isMajorSeverity,
} from '@sitrep/contracts';

/**
 * What comms drafts by itself, and when. Plain functions over plain data: the handlers load the state,
 * call these, and store what they return. The comms lead still reviews every draft before it goes out.
 */

export const ALL_CHANNELS: readonly Channel[] = channelSchema.options;

export interface IncidentState {
  severity: Severity;
  status: IncidentStatus;
  componentIds: readonly string[];
}

/** The last message customers actually saw: updates carry it forward. */
export interface PublishedState {
  status: PublicStatus;
  impact: Impact;
  components: readonly { id: string; status: ComponentStatus }[];
  channels: readonly Channel[];
}

export interface DraftPlan {
  kind: CommunicationKind;
  status: PublicStatus;
  impact: Impact;
  components: { id: string; status: ComponentStatus }[];
  channels: Channel[];
}

/** The public face of incident-core's lifecycle: "declared" has not been looked at yet, so it reads "investigating". */
export function publicStatusOf(status: IncidentStatus): 'investigating' | 'identified' | 'monitoring' | 'resolved' {
  switch (status) {
    case 'declared':
    case 'investigating':
      return 'investigating';
    case 'identified':
      return 'identified';
    case 'monitoring':
      return 'monitoring';
    case 'resolved':
    case 'recovery_watch':
    case 'closed':
      return 'resolved';
  }
}

/** The seed's 30-minute first notice applies to major incidents: those get a draft the moment they are declared. */
export function draftsFirstNoticeOnDeclare(severity: Severity): boolean {
  return isMajorSeverity(severity);
}

export function defaultImpact(severity: Severity): Impact {
  return ({ P1: 'critical', P2: 'major', P3: 'minor', P4: 'minor' } as const)[severity];
}

/** What the affected components are presumed to be until someone says otherwise. */
export function presumedComponentStatus(severity: Severity): ComponentStatus {
  return ({ P1: 'major_outage', P2: 'partial_outage', P3: 'degraded_performance', P4: 'degraded_performance' } as const)[severity];
}

/** SMS wakes people up: only a P1 goes to every channel at first; the comms lead can add or remove channels. */
export function defaultChannels(severity: Severity): Channel[] {
  if (severity === 'P1') return [...ALL_CHANNELS];
  if (severity === 'P2') return ['status_page', 'email', 'slack'];
  return ['status_page', 'email'];
}

function unique<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}

/** The first customer notice: the incident's components presumed down as its severity says. */
export function firstNoticePlan(incident: IncidentState): DraftPlan {
  const status = publicStatusOf(incident.status);
  if (status === 'resolved') return resolvedPlan(incident, null);
  const componentStatus = presumedComponentStatus(incident.severity);
  return {
    kind: 'initial',
    status,
    impact: defaultImpact(incident.severity),
    components: unique(incident.componentIds).map((id) => ({ id, status: componentStatus })),
    channels: defaultChannels(incident.severity),
  };
}

/**
 * The next cadence update: the incident's current public status, and what customers were last told about
 * impact, components and channels (the comms lead corrects those when they change).
 */
export function nextUpdatePlan(incident: IncidentState, last: PublishedState | null): DraftPlan {
  if (!last) return firstNoticePlan(incident);
  const status = publicStatusOf(incident.status);
  if (status === 'resolved') return resolvedPlan(incident, last);
  const components = [...last.components.map((c) => ({ id: c.id, status: c.status }))];
  const presumed = presumedComponentStatus(incident.severity);
  for (const id of incident.componentIds) if (!components.some((c) => c.id === id)) components.push({ id, status: presumed });
  return { kind: 'update', status, impact: last.impact, components, channels: [...last.channels] };
}

/** Everything customers were told about, back to operational, on every channel. */
export function resolvedPlan(incident: IncidentState, last: PublishedState | null, kind: 'resolved' | 'all_clear' = 'resolved'): DraftPlan {
  const ids = unique([...(last?.components.map((c) => c.id) ?? []), ...incident.componentIds]);
  return {
    kind,
    status: 'resolved',
    impact: last?.impact ?? defaultImpact(incident.severity),
    components: ids.map((id) => ({ id, status: 'operational' })),
    channels: [...ALL_CHANNELS],
  };
}

export function allClearPlan(incident: IncidentState, last: PublishedState | null): DraftPlan {
  return resolvedPlan(incident, last, 'all_clear');
}

export type DeadlineDecision = { draft: 'initial' | 'update' } | { skip: string };

/**
 * Whether a customer clock coming due (or about to) should produce a draft. One pending draft per incident
 * is enough: the comms lead edits that one rather than choosing between several.
 */
export function onCustomerClock(input: { deadlineKind: DeadlineKind; incidentStatus: IncidentStatus; pendingDrafts: number; published: number }): DeadlineDecision {
  if (input.deadlineKind !== 'customer_update' && input.deadlineKind !== 'first_customer_notice') return { skip: `${input.deadlineKind} is not a customer clock` };
  if (input.incidentStatus === 'closed') return { skip: 'the incident is closed' };
  if (input.pendingDrafts > 0) return { skip: 'a draft for this incident is already waiting for approval' };
  if (input.deadlineKind === 'first_customer_notice') return input.published > 0 ? { skip: 'customers have already been told' } : { draft: 'initial' };
  return { draft: input.published > 0 ? 'update' : 'initial' };
}

/**
 * A P3 raised to P1 or P2 gets the first notice a major incident gets at declaration, unless customers were
 * already told or a draft is already waiting.
 */
export function draftsFirstNoticeOnEscalation(input: { from: Severity; to: Severity; pendingDrafts: number; published: number }): boolean {
  return draftsFirstNoticeOnDeclare(input.to) && !draftsFirstNoticeOnDeclare(input.from) && input.pendingDrafts === 0 && input.published === 0;
}

/**
 * Components joined the incident before customers heard anything: the first notice comms drafted by itself,
 * still waiting for the comms lead, would leave them out. It is redrafted with them (the old one superseded),
 * so what the lead approves, and the status page then shows, names every affected component. A draft a
 * person wrote is theirs to change; once something is published, the next update carries the components.
 */
export function redraftsFirstNoticeOnComponents(input: { pending: readonly { kind: CommunicationKind; origin: 'person' | 'auto' }[]; published: number }): boolean {
  return input.published === 0 && input.pending.length === 1 && input.pending[0].kind === 'initial' && input.pending[0].origin === 'auto';
}

/**
 * Pending drafts that the resolution makes wrong: an "investigating" update approved after the
 * resolved notice would tell customers the outage is back. They are rejected with this reason.
 */
export const SUPERSEDED_BY_RESOLUTION: readonly CommunicationKind[] = ['initial', 'update'];

/** The kind a person's draft gets when they do not name one. */
export function defaultKind(status: PublicStatus, published: number): CommunicationKind {
  if (status === 'resolved') return 'resolved';
  if (status === 'postmortem') return 'postmortem';
  return published > 0 ? 'update' : 'initial';
}
