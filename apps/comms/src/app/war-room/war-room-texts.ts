import { escapeSlack } from '../slack-app/slack-escape';
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

/** "2026-11-26 10:15 UTC"; with the seconds when they are not zero (a policy of seconds). */
const utc = (at: string | Date) => {
  const iso = (typeof at === 'string' ? new Date(at) : at).toISOString().replace('T', ' ');
  return `${iso.slice(17, 19) === '00' ? iso.slice(0, 16) : iso.slice(0, 19)} UTC`;
};

/** The clocks the card lists, in this order; timers (escalation thresholds) are not duties and are left out. */
const CARD_CLOCKS: readonly DeadlineView['kind'][] = ['assessment', 'first_customer_notice', 'executive_update'];

/** The pinned card: the incident, and when its first clocks fall due (from the incident's own clocks). */
export function incidentCard(room: { reference: string; title: string; severity: string; declaredAt: Date; clocks: { kind: DeadlineView['kind']; dueAt: string }[] }): string {
  const clocks = CARD_CLOCKS.flatMap((kind) => room.clocks.filter((c) => c.kind === kind).map((c) => `${DEADLINE_NAMES[kind].toLowerCase()} due ${utc(c.dueAt)}`));
  return [
    `:clipboard: *${room.reference}: ${room.title}*`,
    `Severity: *${room.severity}* · Declared: ${utc(room.declaredAt)}`,
    `Roles are posted here as they are assigned.${clocks.length ? ` Clocks: ${clocks.join('; ')}; then updates on the cadence.` : ''}`,
  ].join('\n');
}

/** The sponsor's page at declaration: what happened, how bad, who commands and where the war room is. */
export function sponsorPageText(i: { reference: string; title: string; severity: string; commanderName: string | null; warRoom: boolean }): { subject: string; text: string } {
  return {
    subject: `Sitrep: you are Executive Sponsor for ${i.reference} "${i.title}" (${i.severity})`,
    text: [
      `${i.reference} "${i.title}" was declared ${i.severity}. You are its Executive Sponsor: you will get an executive update on every interval until it is resolved.`,
      i.commanderName ? `Incident Commander: ${i.commanderName}.` : 'No Incident Commander is assigned yet.',
      i.warRoom ? 'The war room is open in Slack (link below).' : 'There is no Slack war room for this incident.',
    ].join('\n'),
  };
}

/** A clock that was missed, as the war room, its owner and the commander read it. */
export function missedClockText(deadline: DeadlineView, ownerName: string | null): string {
  const owner = ownerName ? ` (owner: ${ownerName})` : ` (owner: ${deadline.ownerRole.replace(/_/g, ' ')})`;
  return `:warning: ${DEADLINE_NAMES[deadline.kind]} missed: it was due at ${utc(deadline.dueAt)}${owner}.`;
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
 * the commander decides, so the post says how (in Slack it also carries the Reopen button).
 */
export function possibleRecurrenceText(reference: string, source: string): string {
  return [
    `:rotating_light: *Possible recurrence of ${reference}*: ${source} reports unhealthy during the recovery watch.`,
    'Incident Commander: if this is the same problem, reopen the incident with the button below or `/incident reopen [why]` here (or `POST /api/v1/incidents/:id/reopen`); otherwise note why it is not.',
  ].join('\n');
}

/** Which incident a message to a person is about, and where to follow it. */
export interface IncidentSignature {
  reference: string;
  title: string;
  /** The war room, when it is open. */
  warRoom: { channelId: string; channelName: string } | null;
  /** The incident in Sitrep's console, when a console URL is configured. */
  consoleUrl: string | null;
}

/** Slack opens a channel by id from this link, in the app or the browser. */
export function slackChannelLink(channelId: string): string {
  return `https://slack.com/app_redirect?channel=${encodeURIComponent(channelId)}`;
}

/**
 * The lines every message to a person ends with: with several incidents open, a page that does not say
 * which incident it is about is useless. Slack renders <#C…> as a link to the channel.
 */
export function incidentSignature(medium: 'slack' | 'email' | 'sms', s: IncidentSignature): string {
  if (medium === 'slack') {
    // Slack markup, appended unescaped: what it interpolates is escaped here (a title may hold < or &).
    const links = [s.warRoom ? `war room <#${s.warRoom.channelId}|${escapeSlack(s.warRoom.channelName)}>` : null, s.consoleUrl ? `<${escapeSlack(s.consoleUrl)}|console>` : null].filter(Boolean);
    return `\n_${escapeSlack(s.reference)}: ${escapeSlack(s.title)}_${links.length ? ` · ${links.join(' · ')}` : ''}`;
  }
  if (medium === 'email') {
    return [
      '',
      '--',
      `Incident: ${s.reference} "${s.title}"`,
      ...(s.warRoom ? [`War room: #${s.warRoom.channelName} (${slackChannelLink(s.warRoom.channelId)})`] : []),
      ...(s.consoleUrl ? [`Console: ${s.consoleUrl}`] : []),
    ].join('\n');
  }
  const where = s.warRoom ? ` war room #${s.warRoom.channelName}` : '';
  return ` [${s.reference} "${s.title}"${where}${s.consoleUrl ? ` ${s.consoleUrl}` : ''}]`;
}

/** The subject of an email to a person about an incident starts with the incident's reference. */
export function incidentSubject(reference: string, subject: string): string {
  return subject.includes(reference) ? subject : `[${reference}] ${subject}`;
}

/** Why an executive summary or update went to nobody, as the timeline says it. */
export function noSponsorText(what: 'summary' | 'update'): string {
  return `no executive sponsor to send the ${what} to`;
}
