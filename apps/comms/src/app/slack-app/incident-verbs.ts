import type { CommandName } from '@sitrep/contracts';

/**
 * `/incident <verb> …` as typed in a war room, turned into the command it asks for. A plain function: it
 * knows the words, not who may use them (incident-core decides that). People are Slack mentions, which
 * Slack sends as <@U123|name> when the command escapes users (the manifest asks it to); they are mapped
 * to people by the caller.
 */
export type ParsedVerb =
  | { kind: 'state' }
  | { kind: 'help' }
  | { kind: 'declare' }
  | { kind: 'alerts' }
  | { kind: 'modal'; modal: 'assess' | 'compensate' }
  | { kind: 'command'; command: CommandName; input: Record<string, unknown>; person?: { slackUserId: string; field: string } }
  | { kind: 'error'; message: string };

export const ROLE_WORDS: Record<string, string> = {
  commander: 'commander',
  ic: 'commander',
  engineering: 'engineering_lead',
  engineering_lead: 'engineering_lead',
  comms: 'comms_lead',
  comms_lead: 'comms_lead',
  support: 'support_lead',
  support_lead: 'support_lead',
  sponsor: 'executive_sponsor',
  executive_sponsor: 'executive_sponsor',
};

const SECTIONS = ['root_cause', 'contributing_factors', 'detection_delay', 'escalation_delay', 'prevention_prevent', 'prevention_detect', 'prevention_respond', 'what_went_well', 'what_could_be_improved', 'reputation', 'revenue_impact'];
const STATUSES = ['investigating', 'identified', 'monitoring'];
const MENTION = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/;

export function parseIncidentVerb(text: string): ParsedVerb {
  const trimmed = text.trim();
  if (trimmed === '') return { kind: 'state' };
  const [word, ...rest] = trimmed.split(/\s+/);
  const verb = word.toLowerCase();
  const tail = trimmed.slice(word.length).trim();
  const need = (what: string): ParsedVerb => ({ kind: 'error', message: `\`/incident ${verb}\` needs ${what}. Try \`/incident help\`.` });
  const mention = (token: string | undefined) => (token ? MENTION.exec(token)?.[1] : undefined);
  switch (verb) {
    case 'help':
      return { kind: 'help' };
    case 'declare':
      return { kind: 'declare' };
    case 'alerts':
      return { kind: 'alerts' };
    case 'assess':
      return { kind: 'modal', modal: 'assess' };
    case 'compensate':
      return { kind: 'modal', modal: 'compensate' };
    case 'status': {
      const status = rest[0]?.toLowerCase();
      if (!status || !STATUSES.includes(status)) return need(`a status: ${STATUSES.join(', ')}`);
      const reason = rest.slice(1).join(' ');
      return { kind: 'command', command: 'change_status', input: { status, ...(reason ? { reason } : {}) } };
    }
    case 'role': {
      const user = mention(rest[0]);
      const role = ROLE_WORDS[rest[1]?.toLowerCase() ?? ''];
      if (!user || !role) return need(`a person and a role, e.g. \`/incident role @dana comms\` (roles: commander, engineering, comms, support, sponsor)`);
      return { kind: 'command', command: 'assign_role', input: { role }, person: { slackUserId: user, field: 'personId' } };
    }
    case 'implementer': {
      const user = mention(rest[0]);
      if (!user) return need('a person, e.g. `/incident implementer @bob`');
      return { kind: 'command', command: 'add_implementer', input: {}, person: { slackUserId: user, field: 'personId' } };
    }
    case 'fix':
      if (!tail) return need('the deployed change, e.g. `/incident fix payments@4f2a9c1`');
      return { kind: 'command', command: 'fix_deployed', input: { deployRef: tail } };
    case 'verify': {
      const outcome = rest[0]?.toLowerCase();
      if (outcome !== 'pass' && outcome !== 'fail') return need('`pass` or `fail`, then what was checked');
      const details = rest.slice(1).join(' ');
      return { kind: 'command', command: 'record_verification', input: { passed: outcome === 'pass', ...(details ? { details } : {}) } };
    }
    case 'healthy':
    case 'unhealthy':
      return { kind: 'command', command: 'record_signal', input: { healthy: verb === 'healthy', ...(tail ? { source: tail } : {}) } };
    case 'resolve':
      return { kind: 'command', command: 'resolve', input: {} };
    case 'reopen':
      return { kind: 'command', command: 'reopen', input: tail ? { reason: tail } : {} };
    case 'close':
      return { kind: 'command', command: 'close', input: {} };
    case 'severity': {
      const severity = rest[0]?.toUpperCase();
      const reason = rest.slice(1).join(' ');
      if (!severity || !/^P[1-4]$/.test(severity) || !reason) return need('a severity and the reason, e.g. `/incident severity P2 only EU affected`');
      return { kind: 'command', command: 'change_severity', input: { severity, reason } };
    }
    case 'note':
      if (!tail) return need('the text of the note');
      return { kind: 'command', command: 'add_note', input: { text: tail } };
    case 'tickets': {
      const match = /^(\d+)\s+in\s+(\d+)(?:\s*(?:m|min|mins|minutes))?$/i.exec(tail);
      if (!match) return need('a count and a window, e.g. `/incident tickets 40 in 15`');
      return { kind: 'command', command: 'report_ticket_volume', input: { count: Number(match[1]), windowMinutes: Number(match[2]) } };
    }
    case 'media':
      if (!tail) return need('where the attention is, e.g. `/incident media trending on social media`');
      return { kind: 'command', command: 'flag_media_attention', input: { details: tail } };
    case 'exec-update':
      if (!tail) return need('the summary for the executives');
      return { kind: 'command', command: 'send_executive_update', input: { summary: tail } };
    case 'postmortem': {
      const section = rest[0]?.toLowerCase();
      const body = rest.slice(1).join(' ');
      if (!section || !SECTIONS.includes(section) || !body) return need(`a section and its text; sections: ${SECTIONS.join(', ')}`);
      return { kind: 'command', command: 'edit_postmortem_section', input: { section, text: body } };
    }
    case 'action': {
      // /incident action @owner 2026-12-15 high Rotate certificates automatically
      const owner = mention(rest[0]);
      const dueDate = rest[1];
      const priority = rest[2]?.toLowerCase();
      const title = rest.slice(3).join(' ');
      if (!owner || !/^\d{4}-\d{2}-\d{2}$/.test(dueDate ?? '') || !priority || !title) return need('an owner, a due date, a priority and a title, e.g. `/incident action @bob 2026-12-15 high Renew certificates automatically`');
      return { kind: 'command', command: 'add_action_item', input: { title, dueDate, priority }, person: { slackUserId: owner, field: 'ownerPersonId' } };
    }
    case 'review':
      return { kind: 'command', command: 'review_postmortem', input: tail ? { notes: tail } : {} };
    case 'publish':
      return { kind: 'command', command: 'publish_postmortem', input: {} };
    default:
      return { kind: 'error', message: `I do not know \`/incident ${verb}\`. Try \`/incident help\`.` };
  }
}
