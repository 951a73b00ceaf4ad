import { escapeSlack } from './slack-escape';
import { SLACK_TEXTS as T } from './slack-texts';

/**
 * Block Kit JSON for what the Slack app posts and opens. Every mrkdwn text goes through escapeSlack, so
 * a title such as `<!channel>` is shown, not obeyed; plain_text fields Slack never interprets.
 */
export type Block = Record<string, unknown>;
export interface Button {
  actionId: string;
  text: string;
  value: string;
  style?: 'primary' | 'danger';
}

const plain = (text: string) => ({ type: 'plain_text', text: text.slice(0, 150), emoji: true });

export function section(mrkdwn: string): Block {
  return { type: 'section', text: { type: 'mrkdwn', text: escapeSlack(mrkdwn).slice(0, 3000) } };
}

export function context(mrkdwn: string): Block {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: escapeSlack(mrkdwn).slice(0, 3000) }] };
}

export function actions(buttons: Button[]): Block {
  return { type: 'actions', elements: buttons.map((b) => ({ type: 'button', action_id: b.actionId, text: plain(b.text), value: b.value, ...(b.style ? { style: b.style } : {}) })) };
}

export function textInput(id: string, label: string, options: { multiline?: boolean; initial?: string; optional?: boolean } = {}): Block {
  return {
    type: 'input',
    block_id: id,
    optional: options.optional ?? false,
    label: plain(label),
    element: { type: 'plain_text_input', action_id: id, multiline: options.multiline ?? false, ...(options.initial !== undefined ? { initial_value: options.initial } : {}) },
  };
}

export function select(id: string, label: string, options: { value: string; text: string }[], initial?: string): Block {
  const opts = options.map((o) => ({ text: plain(o.text), value: o.value }));
  const chosen = opts.find((o) => o.value === initial);
  return { type: 'input', block_id: id, label: plain(label), element: { type: 'static_select', action_id: id, options: opts, ...(chosen ? { initial_option: chosen } : {}) } };
}

/** `initial`: the values chosen when it opens (those among the options; Slack refuses any other). */
export function multiSelect(id: string, label: string, options: { value: string; text: string }[], initial: string[] = []): Block {
  const opts = options.map((o) => ({ text: plain(o.text), value: o.value }));
  const chosen = opts.filter((o) => initial.includes(o.value));
  return { type: 'input', block_id: id, optional: true, label: plain(label), element: { type: 'multi_static_select', action_id: id, options: opts, ...(chosen.length ? { initial_options: chosen } : {}) } };
}

export function userSelect(id: string, label: string): Block {
  return { type: 'input', block_id: id, optional: true, label: plain(label), element: { type: 'users_select', action_id: id } };
}

export function modal(callbackId: string, title: string, blocks: Block[], metadata: Record<string, unknown>): Record<string, unknown> {
  return { type: 'modal', callback_id: callbackId, title: plain(title.slice(0, 24)), submit: plain(T.modal.submit), close: plain(T.modal.cancel), private_metadata: JSON.stringify(metadata), blocks };
}

const SEVERITIES = ['P1', 'P2', 'P3', 'P4'].map((s) => ({ value: s, text: s }));

export function declareModal(components: { id: string; name: string }[], metadata: Record<string, unknown>) {
  const m = T.modal;
  const blocks = [
    textInput('title', m.title),
    select('severity', m.severity, SEVERITIES, 'P1'),
    select('trigger', m.trigger, Object.entries(m.triggers).map(([value, text]) => ({ value, text })), 'manual'),
    textInput('trigger_detail', m.triggerDetail, { optional: true }),
    ...(components.length ? [multiSelect('components', m.components, components.slice(0, 100).map((c) => ({ value: c.id, text: c.name })))] : []),
    userSelect('commander', m.commander),
  ];
  return modal('declare', m.declareTitle, blocks, metadata);
}

export function assessModal(metadata: Record<string, unknown>) {
  const m = T.modal;
  return modal('assess', m.assessTitle, [textInput('impact_scope', m.impactScope, { multiline: true }), textInput('customers_affected', m.customersAffected), textInput('enterprise', m.enterprise, { optional: true }), select('severity_confirmed', m.severityConfirmed, SEVERITIES)], metadata);
}

export function compensateModal(metadata: Record<string, unknown>) {
  const m = T.modal;
  return modal('compensate', m.compensateTitle, [textInput('amount', m.amount), textInput('currency', m.currency, { initial: 'USD' }), textInput('customers', m.customers, { multiline: true }), textInput('reason', m.reason, { multiline: true })], metadata);
}

export function execUpdateModal(metadata: Record<string, unknown>) {
  return modal('exec_update', T.modal.execTitle, [textInput('summary', T.modal.summary, { multiline: true })], metadata);
}

export function editDraftModal(draft: { id: string; title: string; body: string }, metadata: Record<string, unknown>) {
  const a = T.approval;
  return modal('approval_edit', a.editTitle, [textInput('title', a.title, { initial: draft.title }), textInput('body', a.body, { multiline: true, initial: draft.body })], { ...metadata, communicationId: draft.id });
}

export function rejectModal(communicationId: string, metadata: Record<string, unknown>) {
  return modal('approval_reject', T.approval.rejectTitle, [textInput('reason', T.approval.rejectReason, { multiline: true })], { ...metadata, communicationId });
}

/** The page to the commander, with the button that records the acknowledgement. */
export function commanderPage(text: string, incidentId: string): Block[] {
  return [section(`:rotating_light: ${text}`), actions([{ actionId: 'page_acknowledge', text: T.page.acknowledge, value: incidentId, style: 'primary' }])];
}

/** A draft waiting for the comms lead: its previews and the three decisions. */
export function approvalRequest(draft: { id: string; kind: string; title: string; previews: { statusPage: { title: string; body: string }; email: { subject: string }; sms: { text: string } } }, reference: string | null): { text: string; blocks: Block[] } {
  const a = T.approval;
  const heading = a.heading(reference, draft.kind);
  return {
    text: `${heading}: ${draft.title}`,
    blocks: [
      section(`*${heading}*`),
      section(`*${a.statusPage}:* ${draft.previews.statusPage.title}\n${draft.previews.statusPage.body.slice(0, 1500)}`),
      context(`${a.email}: ${draft.previews.email.subject} · ${a.sms}: ${draft.previews.sms.text.slice(0, 300)}`),
      actions([
        { actionId: 'approval_approve', text: a.approve, value: draft.id, style: 'primary' },
        { actionId: 'approval_edit', text: a.edit, value: draft.id },
        { actionId: 'approval_reject', text: a.reject, value: draft.id, style: 'danger' },
      ]),
    ],
  };
}

/** A decided message: what happened, without buttons. */
export function decided(text: string): Block[] {
  return [section(text)];
}

/** The button that does what a clock's reminder asks, for the clocks a person meets by doing something. */
const REMINDER_BUTTONS: Record<string, { actionId: string; text: string }> = {
  assessment: { actionId: 'reminder_assess', text: T.reminder.assess },
  executive_update: { actionId: 'reminder_exec_update', text: T.reminder.execUpdate },
  first_customer_notice: { actionId: 'reminder_customer_update', text: T.reminder.customerUpdate },
  customer_update: { actionId: 'reminder_customer_update', text: T.reminder.customerUpdate },
};

/** A clock reminder, with the button that does what it asks when there is one. */
export function reminder(text: string, kind: string, incidentId: string): Block[] {
  const button = REMINDER_BUTTONS[kind];
  return button ? [section(text), actions([{ ...button, value: incidentId, style: 'primary' }])] : [section(text)];
}

const PUBLIC_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'].map((s) => ({ value: s, text: s[0].toUpperCase() + s.slice(1) }));

/** "Post the update": the next customer update as comms would draft it, for the person to correct before it goes to the approval queue. */
export function customerUpdateModal(proposal: { title: string; status: string; body: string }, metadata: Record<string, unknown>) {
  const m = T.modal;
  return modal('customer_update', m.updateTitle, [textInput('title', m.title, { initial: proposal.title }), select('status', m.publicStatus, PUBLIC_STATUSES, proposal.status), textInput('body', m.updateBody, { multiline: true, initial: proposal.body })], metadata);
}

/** A possible recurrence in the recovery watch, with the button that reopens (incident-core decides who may). */
export function recurrence(text: string, incidentId: string, source: string): Block[] {
  return [section(text), actions([{ actionId: 'recurrence_reopen', text: T.recurrence.reopen, value: JSON.stringify({ incidentId, source: source.slice(0, 500) }), style: 'danger' }])];
}

/** `/incident alerts`: the alerts waiting for a person, each with Declare, and Declare from all of them. */
export function waitingAlerts(list: { total: number; alerts: { id: string; name: string; severity: string | null; summary: string | null; components: { name: string }[]; firstReceivedAt: string }[] }): { text: string; blocks: Block[] } {
  const a = T.alerts;
  if (list.alerts.length === 0) return { text: a.none, blocks: [section(a.none)] };
  const heading = a.heading(list.alerts.length, list.total);
  const blocks: Block[] = [section(`*${heading}*`)];
  for (const alert of list.alerts) {
    const components = alert.components.length ? alert.components.map((c) => c.name).join(', ') : a.noComponent;
    blocks.push({
      ...section(`*${alert.name}*${alert.severity ? ` · ${alert.severity}` : ''} · ${components} · ${a.since(alert.firstReceivedAt)}${alert.summary ? `\n${alert.summary.slice(0, 300)}` : ''}`),
      accessory: { type: 'button', action_id: 'alerts_declare', text: plain(a.declare), value: alert.id },
    });
  }
  // Slack allows 50 blocks a message and 2000 characters a button value: 20 alerts fit both.
  if (list.alerts.length > 1) blocks.push(actions([{ actionId: 'alerts_declare', text: a.declareAll(list.alerts.length), value: list.alerts.map((x) => x.id).join(','), style: 'primary' }]));
  return { text: heading, blocks };
}

/** The declare form for alerts: their names as the title, their components shown (they become the incident's). */
/**
 * Declare from alerts: the alerts' components are prefilled in a choice of the catalogue (`catalogue`,
 * comms' copy), where the person may add others; the alerts' own stay on the incident whatever is chosen.
 */
export function declareFromAlertsModal(alerts: { id: string; name: string; components: { id: string; name: string }[] }[], title: string, metadata: Record<string, unknown>, catalogue: { id: string; name: string }[] = []) {
  const m = T.modal;
  const components = [...new Set(alerts.flatMap((x) => x.components.map((c) => c.name)))];
  const ownIds = alerts.flatMap((x) => x.components.map((c) => c.id));
  // The alerts' own first, so they are among the 100 options Slack shows.
  const options = [...catalogue.filter((c) => ownIds.includes(c.id)), ...catalogue.filter((c) => !ownIds.includes(c.id))].slice(0, 100);
  const blocks = [
    context(T.alerts.fromAlerts(alerts.map((x) => x.name), components)),
    textInput('title', m.title, { initial: title }),
    select('severity', m.severity, SEVERITIES, 'P2'),
    ...(options.length ? [multiSelect('components', m.alertComponents, options.map((c) => ({ value: c.id, text: c.name })), ownIds)] : []),
    userSelect('commander', m.commander),
  ];
  return modal('declare_from_alerts', m.declareTitle, blocks, { ...metadata, alertIds: alerts.map((x) => x.id) });
}
