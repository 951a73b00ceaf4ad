import { HttpException } from '@nestjs/common';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { Principal, routeRoleRefusal } from '@sitrep/auth';
import { DECIDER_ROLES, DRAFTER_ROLES } from '../approvals/approval-rules';
import { CommandName, CommandReply, incidentStateSchema, personLookupResultSchema, waitingAlertsSchema } from '@sitrep/contracts';
import { COMMS_SCHEMA } from '../comms-schema';
import type { SlackWorkspace } from '../channels/slack-workspace';
import type { ApprovalsService } from '../approvals/approvals.service';
import type { CommunicationsService } from '../communications/communications.service';
import { approveBody, draftBody, rejectBody } from '../communications/communications.schemas';
import { KnownIncidentEntity } from '../incidents/known-incident.entity';
import { CommandClient } from './command-client';
import { parseIncidentVerb } from './incident-verbs';
import * as B from './slack-blocks';
import { escapeSlack } from './slack-escape';
import { SlackPeople, SlackPerson } from './slack-people';
import { SLACK_TEXTS as T } from './slack-texts';
import { stateBlocks } from './incident-state';

export interface SlashCommand {
  user: string;
  channel: string;
  text: string;
  responseUrl: string;
  triggerId: string;
}

export interface BlockAction {
  user: string;
  channel: string | null;
  messageTs: string | null;
  actionId: string;
  value: string;
  responseUrl: string | null;
  triggerId: string;
}

type InputValue = { value?: string | null; selected_option?: { value: string } | null; selected_options?: { value: string }[]; selected_user?: string | null };

export interface ViewSubmission {
  user: string;
  callbackId: string;
  metadata: { responseUrl?: string; channel?: string; incidentId?: string; communicationId?: string; messageTs?: string; alertIds?: string[] };
  values: Record<string, Record<string, InputValue>>;
}

/** Where an answer goes: the response_url of the command or click (shown to that user alone), else a DM. */
interface ReplyTo {
  user: string;
  responseUrl?: string | null;
}

/**
 * What the Slack app does after it acknowledged a request: who is acting (the roster, by Slack id or
 * email), which incident (the war room the command was typed in), then the command on incident-core or
 * the decision on comms' approval queue. Refusals come back with the reason the API gives.
 */
export class SlackInteractions {
  private readonly people: SlackPeople;

  constructor(
    private readonly dataSource: DataSource,
    private readonly slack: SlackWorkspace,
    private readonly commands: CommandClient,
    private readonly approvals: ApprovalsService,
    private readonly communications: CommunicationsService,
    private readonly logger: Logger,
    /** A draft was made: look for approval requests to send now rather than at the next poll. */
    private readonly queued: () => void = () => undefined,
  ) {
    this.people = new SlackPeople(dataSource, slack, commands);
  }

  async slashCommand(c: SlashCommand): Promise<void> {
    const to: ReplyTo = { user: c.user, responseUrl: c.responseUrl };
    const person = await this.people.personFor(c.user);
    if (!person) return this.reply(to, T.unknownUser);
    const parsed = parseIncidentVerb(c.text);
    if (parsed.kind === 'help') return this.reply(to, T.help);
    if (parsed.kind === 'error') return this.reply(to, parsed.message);
    const metadata = { responseUrl: c.responseUrl, channel: c.channel };
    if (parsed.kind === 'declare') {
      const components: { id: string; name: string }[] = await this.dataSource.query(`SELECT id, name FROM ${COMMS_SCHEMA}.known_components ORDER BY name`);
      return this.slack.openView(c.triggerId, B.declareModal(components, metadata));
    }
    if (parsed.kind === 'alerts') return this.showWaitingAlerts(to);
    const incidentId = await this.incidentOfChannel(c.channel);
    if (!incidentId) return this.reply(to, T.notInWarRoom);
    if (parsed.kind === 'state') return this.showState(to, person, incidentId);
    if (parsed.kind === 'modal') {
      const view = parsed.modal === 'assess' ? B.assessModal({ ...metadata, incidentId }) : B.compensateModal({ ...metadata, incidentId });
      return this.slack.openView(c.triggerId, view);
    }
    const input: Record<string, unknown> = { ...parsed.input };
    if (parsed.person) {
      const target = await this.people.personFor(parsed.person.slackUserId);
      if (!target) return this.reply(to, T.unknownUser);
      input[parsed.person.field] = target.id;
    }
    await this.runCommand(to, person, parsed.command, incidentId, input);
  }

  async blockAction(a: BlockAction): Promise<void> {
    const to: ReplyTo = { user: a.user, responseUrl: a.responseUrl };
    const person = await this.people.personFor(a.user);
    if (!person) return this.reply(to, T.unknownUser);
    const metadata = { responseUrl: a.responseUrl ?? undefined, channel: a.channel ?? undefined, messageTs: a.messageTs ?? undefined };
    switch (a.actionId) {
      case 'page_acknowledge': {
        const reply = await this.commands.run('acknowledge_page', person.id, a.value, {});
        if (reply.ok && a.channel && a.messageTs) await this.slack.update(a.channel, a.messageTs, T.page.acknowledged(person.name), B.decided(T.page.acknowledged(person.name))).catch(() => undefined);
        return this.answer(to, 'acknowledge_page', reply);
      }
      case 'reminder_assess':
        return this.slack.openView(a.triggerId, B.assessModal({ ...metadata, incidentId: a.value }));
      case 'reminder_exec_update':
        return this.slack.openView(a.triggerId, B.execUpdateModal({ ...metadata, incidentId: a.value }));
      case 'reminder_customer_update':
        return this.postTheUpdate(to, person, a.value, a.triggerId, metadata);
      case 'recurrence_reopen': {
        const { incidentId, source } = parseRecurrence(a.value);
        return this.runCommand(to, person, 'reopen', incidentId, { reason: T.recurrence.reason(source) });
      }
      case 'alerts_declare':
        return this.openDeclareFromAlerts(to, a.value.split(',').filter(Boolean), a.triggerId, metadata);
      case 'approval_approve':
        return this.decide(to, person, a.value, metadata, 'approve', {});
      case 'approval_edit': {
        const draft = await this.communications.get(a.value).catch(() => null);
        if (!draft) return this.reply(to, T.refused(404, `no communication with id ${a.value}`));
        return this.slack.openView(a.triggerId, B.editDraftModal(draft, metadata));
      }
      case 'approval_reject':
        return this.slack.openView(a.triggerId, B.rejectModal(a.value, metadata));
      default:
        this.logger.warn({ actionId: a.actionId }, 'a Slack action nobody handles');
    }
  }

  async viewSubmission(v: ViewSubmission): Promise<void> {
    const to: ReplyTo = { user: v.user, responseUrl: v.metadata.responseUrl };
    const person = await this.people.personFor(v.user);
    if (!person) return this.reply(to, T.unknownUser);
    const text = (id: string) => {
      const value = v.values[id]?.[id];
      return value?.value?.trim() || undefined;
    };
    const option = (id: string) => v.values[id]?.[id]?.selected_option?.value;
    const incidentId = v.metadata.incidentId;
    switch (v.callbackId) {
      case 'declare': {
        const trigger = option('trigger') ?? 'manual';
        const detail = text('trigger_detail');
        const components = (v.values.components?.components?.selected_options ?? []).map((o) => o.value);
        const commanderSlack = v.values.commander?.commander?.selected_user;
        const commander = commanderSlack ? await this.people.personFor(commanderSlack) : null;
        if (commanderSlack && !commander) return this.reply(to, T.unknownUser);
        const input: Record<string, unknown> = { title: text('title') ?? '', severity: option('severity'), trigger };
        if (components.length) input.componentIds = components;
        if (commander) input.commanderId = commander.id;
        if (trigger === 'multi_customer_impact' && detail) input.affectedCustomers = /^\d+$/.test(detail) ? { count: Number(detail) } : { ids: detail.split(/[\s,]+/).filter(Boolean) };
        if (trigger === 'executive_escalation' && detail) input.escalatedBy = detail;
        const reply = await this.commands.run('declare', person.id, undefined, input);
        if (reply.ok) {
          const r = reply.result as { reference?: string; title?: string };
          return this.reply(to, T.done(T.declared(r.reference ?? '', r.title ?? String(input.title))));
        }
        return this.answer(to, 'declare', reply);
      }
      case 'assess': {
        const enterprise = (text('enterprise') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
        const count = text('customers_affected');
        const input = { impactScope: text('impact_scope') ?? '', customersAffected: count !== undefined && /^\d+$/.test(count) ? Number(count) : count, enterpriseCustomersAffected: enterprise, severityConfirmed: option('severity_confirmed') };
        return this.runCommand(to, person, 'record_assessment', incidentId, input);
      }
      case 'compensate': {
        const amount = Number(text('amount'));
        const input = { amount: Number.isFinite(amount) ? amount : text('amount'), currency: text('currency') ?? '', customers: (text('customers') ?? '').split(/[\n,]+/).map((s) => s.trim()).filter(Boolean), reason: text('reason') ?? '' };
        return this.runCommand(to, person, 'authorise_compensation', incidentId, input);
      }
      case 'exec_update':
        return this.runCommand(to, person, 'send_executive_update', incidentId, { summary: text('summary') ?? '' });
      case 'declare_from_alerts': {
        const commanderSlack = v.values.commander?.commander?.selected_user;
        const commander = commanderSlack ? await this.people.personFor(commanderSlack) : null;
        if (commanderSlack && !commander) return this.reply(to, T.unknownUser);
        // The alerts' own components are on the incident whatever was chosen: the chosen ones add to them.
        const components = (v.values.components?.components?.selected_options ?? []).map((o) => o.value);
        const input = {
          alertIds: v.metadata.alertIds ?? [],
          severity: option('severity'),
          ...(text('title') ? { title: text('title') } : {}),
          ...(commander ? { commanderId: commander.id } : {}),
          ...(components.length ? { componentIds: components } : {}),
        };
        const reply = await this.commands.run('declare_from_alerts', person.id, undefined, input);
        if (reply.ok) {
          const r = reply.result as { reference?: string };
          return this.reply(to, T.done(T.declared(r.reference ?? '', String(input.title ?? ''))));
        }
        return this.answer(to, 'declare_from_alerts', reply);
      }
      case 'customer_update':
        return this.draftUpdate(to, person, incidentId, { title: text('title'), status: option('status'), body: text('body') });
      case 'approval_edit':
        return this.decide(to, person, v.metadata.communicationId ?? '', v.metadata, 'approve', { title: text('title'), body: text('body') });
      case 'approval_reject':
        return this.decide(to, person, v.metadata.communicationId ?? '', v.metadata, 'reject', { reason: text('reason') });
      default:
        this.logger.warn({ callbackId: v.callbackId }, 'a Slack modal nobody handles');
    }
  }

  private async runCommand(to: ReplyTo, person: SlackPerson, command: CommandName, incidentId: string | undefined, input: unknown): Promise<void> {
    if (!incidentId) return this.reply(to, T.notInWarRoom);
    const reply = await this.commands.run(command, person.id, incidentId, input);
    await this.answer(to, command, reply);
  }

  private async answer(to: ReplyTo, command: CommandName, reply: CommandReply): Promise<void> {
    if (reply.ok) return this.reply(to, T.done(T.commandDone[command] ?? 'Done.'));
    if (reply.status === 400) return this.reply(to, T.invalid(reply.message, reply.fields ?? []));
    return this.reply(to, T.refused(reply.status, reply.message));
  }

  /**
   * The comms lead's decision, under the approval queue's own rules (the same as the API's): the Slack
   * user acts with the rights incident-core gives them (a roster comms lead has comms_lead, as a token of
   * theirs would), and the queue then lets only the incident's own comms lead decide.
   */
  private async decide(to: ReplyTo, person: SlackPerson, id: string, where: { channel?: string; messageTs?: string }, decision: 'approve' | 'reject', body: Record<string, unknown>): Promise<void> {
    const draft = await this.communications.get(id).catch(() => null);
    if (!draft) return this.reply(to, T.refused(404, `no communication with id ${id}`));
    const principal = await this.principalOf(to, person);
    if (!principal) return;
    // The route's guard first, then the queue's own rule: the API's two refusals, in its order.
    const notAllowed = routeRoleRefusal(principal.role, DECIDER_ROLES);
    if (notAllowed) return this.reply(to, T.refused(403, notAllowed));
    const defined = Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));
    const parsed = decision === 'approve' ? approveBody.safeParse(defined) : rejectBody.safeParse(defined);
    if (!parsed.success) return this.reply(to, T.invalid('some fields are not valid', parsed.error.issues.map((i) => ({ field: i.path.join('.'), reason: i.message }))));
    try {
      if (decision === 'approve') await this.approvals.approve(id, parsed.data as never, principal);
      else await this.approvals.reject(id, parsed.data as never, principal);
    } catch (error) {
      if (error instanceof HttpException) {
        return this.reply(to, T.refused(error.getStatus(), httpMessage(error)));
      }
      throw error;
    }
    const outcome = decision === 'approve' ? T.approval.approved(person.name) : T.approval.rejected(person.name, String((parsed.data as { reason?: string }).reason ?? ''));
    if (where.channel && where.messageTs) await this.slack.update(where.channel, where.messageTs, `${draft.title}: ${outcome}`, [...B.decided(`*${draft.title}*`), ...B.decided(outcome)]).catch(() => undefined);
    else await this.reply(to, outcome);
  }

  /**
   * What a token issued to this person would be, as incident-core says (never worked out by comms):
   * comms_lead when they have it, else their first right. Null after telling them why not.
   */
  private async principalOf(to: ReplyTo, person: SlackPerson): Promise<Principal | null> {
    const found = await this.commands.query('person_by_id', { personId: person.id }, personLookupResultSchema);
    if (!found) {
      await this.reply(to, T.notConfigured);
      return null;
    }
    if (!found.person) {
      await this.reply(to, T.unknownUser);
      return null;
    }
    const rights = found.person.rights;
    return { tokenId: `slack:${to.user}`, role: rights.includes('comms_lead') ? 'comms_lead' : (rights[0] ?? 'viewer'), personId: person.id, label: person.name };
  }

  /**
   * "Post the update" on a customer clock's reminder. When a draft already waits, its comms lead gets
   * its Edit-and-approve form (approving is posting) and anyone else is told who it waits for; otherwise
   * the next update as comms would draft it opens for the person to correct and send to the queue.
   */
  private async postTheUpdate(to: ReplyTo, person: SlackPerson, incidentId: string, triggerId: string, metadata: Record<string, unknown>): Promise<void> {
    const [pending] = await this.communications.pendingOf(incidentId);
    if (pending) {
      const incident = await this.dataSource.getRepository(KnownIncidentEntity).findOneBy({ id: incidentId });
      if (incident?.commsLeadId === person.id) return this.slack.openView(triggerId, B.editDraftModal(pending, metadata));
      const [lead]: { name: string }[] = incident?.commsLeadId ? await this.dataSource.query(`SELECT name FROM ${COMMS_SCHEMA}.people WHERE id = $1`, [incident.commsLeadId]) : [];
      return this.reply(to, T.reminder.waiting(pending.title, lead?.name ?? null));
    }
    const proposal = await this.communications.proposal(incidentId);
    if (!proposal) return this.reply(to, T.refused(404, `no incident with id ${incidentId} is known to comms`));
    return this.slack.openView(triggerId, B.customerUpdateModal(proposal, { ...metadata, incidentId }));
  }

  /** The person's update goes to the approval queue like any other draft; the comms lead gets it by DM. */
  private async draftUpdate(to: ReplyTo, person: SlackPerson, incidentId: string | undefined, edited: { title?: string; status?: string; body?: string }): Promise<void> {
    if (!incidentId) return this.reply(to, T.notInWarRoom);
    const principal = await this.principalOf(to, person);
    if (!principal) return;
    // The route's own rule (POST /api/v1/communications): comms leads and responders draft.
    const notAllowed = routeRoleRefusal(principal.role, DRAFTER_ROLES);
    if (notAllowed) return this.reply(to, T.refused(403, notAllowed));
    const proposal = await this.communications.proposal(incidentId);
    if (!proposal) return this.reply(to, T.refused(404, `no incident with id ${incidentId} is known to comms`));
    const body = draftBody.safeParse({
      incidentId,
      kind: proposal.kind,
      title: edited.title,
      status: edited.status,
      impact: proposal.impact,
      body: edited.body,
      components: proposal.components.map((c) => ({ id: c.id, status: c.status })),
      channels: proposal.channels,
    });
    if (!body.success) return this.reply(to, T.invalid('some fields are not valid', body.error.issues.map((i) => ({ field: i.path.join('.'), reason: i.message }))));
    try {
      await this.communications.draft(body.data, principal);
    } catch (error) {
      if (error instanceof HttpException) return this.reply(to, T.refused(error.getStatus(), httpMessage(error)));
      throw error;
    }
    this.queued();
    await this.reply(to, T.done(T.reminder.drafted));
  }

  /** `/incident alerts`: what waits for a person, from incident-core. */
  private async showWaitingAlerts(to: ReplyTo): Promise<void> {
    const list = await this.commands.query('waiting_alerts', { limit: 20 }, waitingAlertsSchema);
    if (!list) return this.reply(to, T.notConfigured);
    const view = B.waitingAlerts(list);
    await this.reply(to, view.text, view.blocks);
  }

  /** Declare from these alerts: those still waiting, in the declare form prefilled from them. */
  private async openDeclareFromAlerts(to: ReplyTo, ids: string[], triggerId: string, metadata: Record<string, unknown>): Promise<void> {
    const list = await this.commands.query('waiting_alerts', { limit: 100 }, waitingAlertsSchema);
    if (!list) return this.reply(to, T.notConfigured);
    const alerts = list.alerts.filter((x) => ids.includes(x.id));
    if (alerts.length === 0) return this.reply(to, T.alerts.gone);
    const names = [...new Set(alerts.map((x) => x.name))];
    const title = `${names.slice(0, 3).join(', ')}${names.length > 3 ? ` and ${names.length - 3} more` : ''}`.slice(0, 200);
    const catalogue: { id: string; name: string }[] = await this.dataSource.query(`SELECT id, name FROM ${COMMS_SCHEMA}.known_components ORDER BY name`);
    return this.slack.openView(triggerId, B.declareFromAlertsModal(alerts, title, metadata, catalogue));
  }

  private async showState(to: ReplyTo, person: SlackPerson, incidentId: string): Promise<void> {
    const state = await this.commands.query('incident_state', { incidentId }, incidentStateSchema);
    if (!state) return this.reply(to, T.notConfigured);
    const view = stateBlocks(state, Date.now());
    await this.reply(to, view.text, view.blocks);
  }

  private async incidentOfChannel(channel: string): Promise<string | null> {
    const rows: { incident_id: string }[] = await this.dataSource.query(`SELECT incident_id FROM ${COMMS_SCHEMA}.war_rooms WHERE channel_id = $1`, [channel]);
    return rows[0]?.incident_id ?? null;
  }

  /** Shown to that user alone: through the response_url when there is one, else in a direct message. */
  private async reply(to: ReplyTo, text: string, blocks?: B.Block[]): Promise<void> {
    if (to.responseUrl) {
      const response = await fetch(to.responseUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ response_type: 'ephemeral', replace_original: false, text: escapeSlack(text), ...(blocks ? { blocks } : {}) }),
        signal: AbortSignal.timeout(10_000),
      });
      if (response.ok) return;
      this.logger.warn({ status: response.status }, 'response_url refused the answer; sending it as a direct message');
    }
    await this.slack.post(to.user, text, blocks);
  }
}

/** The reason an HttpException gives, as the API's JSON body says it. */
function httpMessage(error: HttpException): string {
  const response = error.getResponse() as { message?: string } | string;
  return typeof response === 'object' && response?.message ? String(response.message) : error.message;
}

/** The Reopen button's value: the incident, and what reported the recurrence. */
function parseRecurrence(value: string): { incidentId: string | undefined; source: string } {
  try {
    const parsed = JSON.parse(value) as { incidentId?: string; source?: string };
    return { incidentId: parsed.incidentId, source: parsed.source ?? 'monitoring' };
  } catch {
    return { incidentId: undefined, source: 'monitoring' };
  }
}
