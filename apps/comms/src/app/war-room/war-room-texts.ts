import { DeadlineView, EscalationContactRole, EscalationPath, IncidentRole, PublishedCommunication } from '@sitrep/contracts';

/** What the war room and the people in it read. Plain Slack mrkdwn; names come from comms' people. */

export const ROLE_NAMES: Record<IncidentRole, string> = {
  commander: 'Incident Commander',
  engineering_lead: 'Engineering Lead',
  support_lead: 'Support Lead',
  comms_lead: 'Communications Lead',
  executive_sponsor: 'Executive Sponsor',
};

export const WAR_ROOM_RULES = [
  ':rotating_light: *War room rules*',
  '• *Updates only in this channel.* No debugging here: take investigation to a thread elsewhere or a call, and post the outcome here.',
  '• The Incident Commander decides and sets the update cadence; ask the IC before escalating.',
  '• Customer-facing wording goes through the Communications Lead and the approval queue, never straight out of this channel.',
  '• Post what changed, what you are doing next, and when you will update again.',
].join('\n');

export function incidentCard(room: { reference: string; title: string; severity: string; declaredAt: Date }): string {
  return [
    `:clipboard: *${room.reference}: ${room.title}*`,
    `Severity: *${room.severity}* · Declared: ${room.declaredAt.toISOString().replace('T', ' ').slice(0, 16)} UTC`,
    'Roles are posted here as they are assigned. Clocks: assessment in 15 min, first customer notice in 30 min, then updates on the cadence.',
  ].join('\n');
}

export function roleAssignedText(role: IncidentRole, personName: string, previousName: string | null): string {
  return previousName ? `:arrows_counterclockwise: ${ROLE_NAMES[role]} handed over from ${previousName} to *${personName}*.` : `:bust_in_silhouette: *${personName}* is ${ROLE_NAMES[role]}.`;
}

export function commanderPageText(reference: string, title: string): string {
  return `Sitrep: you are Incident Commander for ${reference} "${title}". The war room is open in Slack.`;
}

const DEADLINE_NAMES: Record<DeadlineView['kind'], string> = {
  assessment: 'Initial assessment',
  first_customer_notice: 'First customer notice',
  customer_update: 'Customer update',
  executive_update: 'Executive update',
  stability_window: 'Stability window',
  recovery_watch: 'Recovery watch',
  postmortem: 'Post-mortem',
  escalation_engineering_vp: 'Escalation to the Engineering VP',
  escalation_cto: 'Escalation to the CTO',
};

export function deadlineText(stage: 'due_soon' | 'due', deadline: DeadlineView, ownerName: string | null): string {
  const owner = ownerName ? ` (owner: ${ownerName})` : ` (owner: ${deadline.ownerRole.replace(/_/g, ' ')})`;
  const when = deadline.dueAt.replace('T', ' ').slice(0, 16);
  return stage === 'due_soon' ? `:alarm_clock: ${DEADLINE_NAMES[deadline.kind]} due at ${when} UTC${owner}.` : `:bell: ${DEADLINE_NAMES[deadline.kind]} is due now${owner}.`;
}

const PATH_NAMES: Record<EscalationPath, string> = { engineering: 'engineering', support: 'support', communications: 'communications' };
const CONTACT_NAMES: Record<EscalationContactRole, string> = { engineering_vp: 'Engineering VP', cto: 'CTO', support_vp: 'Support VP', cso: 'CSO', pr: 'PR', ceo: 'CEO' };

export function escalatedText(path: EscalationPath, contactRole: EscalationContactRole, contactName: string | null, reason: string): string {
  return `:arrow_up: Escalated on the ${PATH_NAMES[path]} path to the ${CONTACT_NAMES[contactRole]}${contactName ? ` (${contactName})` : ''}: ${reason}`;
}

export function publishedUpdateText(c: PublishedCommunication, reference: string | null): string {
  const body = c.body.length > 1500 ? `${c.body.slice(0, 1500)}…` : c.body;
  return `:mega: Published to customers${reference ? ` (${reference})` : ''}: *[${c.status}] ${c.title}*\n${body}`;
}

/**
 * A re-firing alert (or an unhealthy signal) during the recovery watch. Sitrep does not reopen by itself:
 * the commander decides, so the post says how.
 */
export function possibleRecurrenceText(reference: string, source: string): string {
  return [
    `:rotating_light: *Possible recurrence of ${reference}*: ${source} reports unhealthy during the recovery watch.`,
    'Incident Commander: if this is the same problem, reopen the incident with `/incident reopen [why]` here (or `POST /api/v1/incidents/:id/reopen`); otherwise note why it is not.',
  ].join('\n');
}
