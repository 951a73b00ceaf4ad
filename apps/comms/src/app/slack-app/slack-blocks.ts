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

export function multiSelect(id: string, label: string, options: { value: string; text: string }[]): Block {
  return { type: 'input', block_id: id, optional: true, label: plain(label), element: { type: 'multi_static_select', action_id: id, options: options.map((o) => ({ text: plain(o.text), value: o.value })) } };
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

/** A clock reminder, with the button that does what it asks when there is one. */
export function reminder(text: string, kind: string, incidentId: string): Block[] {
  const button: Button | null = kind === 'assessment' ? { actionId: 'reminder_assess', text: T.reminder.assess, value: incidentId, style: 'primary' } : kind === 'executive_update' ? { actionId: 'reminder_exec_update', text: T.reminder.execUpdate, value: incidentId, style: 'primary' } : null;
  return button ? [section(text), actions([button])] : [section(text)];
}
