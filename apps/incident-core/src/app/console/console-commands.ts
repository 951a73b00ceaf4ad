import { ForbiddenException, Injectable } from '@nestjs/common';
import type { Role } from '@sitrep/auth';
import type { CommandName, IncidentRole } from '@sitrep/contracts';
import { ZodBodyPipe } from '@sitrep/platform';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { declareIncidentBody } from '../incidents/declare-incident';
import { roleHolders } from '../incidents/incident-access';
import * as bodies from '../incidents/incident-commands.schemas';
import { IncidentCommandsService } from '../incidents/incident-commands.service';
import { IncidentsService } from '../incidents/incidents.service';
import * as pm from '../postmortems/postmortem.schemas';
import { PostmortemsService } from '../postmortems/postmortems.service';
import { sectionKeySchema } from '../postmortems/sections';
import { actorOf } from '../access/actor';
import { ConsoleCaller } from './console-caller';

/**
 * Who may run each command: the token roles, and the incident roles whose holder must be acting (none:
 * any holder of the token role). The same rules the API enforces; the console uses them to hide the
 * forms a person may not use, and the services refuse anyway.
 */
const RIGHTS: Record<CommandName, { tokenRoles: readonly Role[]; holders?: readonly IncidentRole[] }> = {
  declare: { tokenRoles: ['responder', 'automation'] },
  change_status: { tokenRoles: ['responder'] },
  change_severity: { tokenRoles: ['responder'] },
  assign_role: { tokenRoles: ['responder'], holders: ['commander'] },
  add_implementer: { tokenRoles: ['responder'] },
  record_assessment: { tokenRoles: ['responder'] },
  fix_deployed: { tokenRoles: ['responder', 'automation'] },
  record_verification: { tokenRoles: ['responder', 'automation'] },
  record_signal: { tokenRoles: ['responder', 'automation'] },
  resolve: { tokenRoles: ['responder'], holders: ['commander'] },
  reopen: { tokenRoles: ['responder'], holders: ['commander', 'engineering_lead'] },
  close: { tokenRoles: ['responder'], holders: ['commander'] },
  mark_duplicate: { tokenRoles: ['responder'], holders: ['commander'] },
  add_note: { tokenRoles: ['responder', 'comms_lead'] },
  report_ticket_volume: { tokenRoles: ['responder', 'automation'] },
  flag_media_attention: { tokenRoles: ['responder', 'comms_lead'], holders: ['comms_lead', 'support_lead', 'commander'] },
  send_executive_update: { tokenRoles: ['responder'], holders: ['commander'] },
  authorise_compensation: { tokenRoles: ['responder'], holders: ['executive_sponsor'] },
  acknowledge_page: { tokenRoles: ['responder'] },
  edit_postmortem_section: { tokenRoles: ['responder', 'comms_lead'] },
  add_action_item: { tokenRoles: ['responder'] },
  update_action_item: { tokenRoles: ['responder'] },
  review_postmortem: { tokenRoles: ['responder'], holders: ['commander'] },
  publish_postmortem: { tokenRoles: ['responder'], holders: ['commander'] },
};

/** Only the sponsor authorises compensation: not even an admin token stands in for the executive. */
const NO_ADMIN_OVERRIDE: readonly CommandName[] = ['authorise_compensation'];

export function mayRun(name: CommandName, caller: ConsoleCaller, holders: Partial<Record<IncidentRole, string>>): boolean {
  const rights = RIGHTS[name];
  const admin = caller.tokenRoles.includes('admin');
  if (!admin && !caller.tokenRoles.some((r) => rights.tokenRoles.includes(r))) return false;
  if (!rights.holders) return true;
  if (admin && !NO_ADMIN_OVERRIDE.includes(name)) return true;
  const me = caller.principal.personId;
  return Boolean(me) && rights.holders.some((role) => holders[role] === me);
}

const parse = <S extends z.ZodTypeAny>(schema: S, input: unknown): z.infer<S> => new ZodBodyPipe(schema).transform(input) as z.infer<S>;

/** The console's way to run a command: validated, authorised and run by incident-core's own services. */
@Injectable()
export class ConsoleCommands {
  constructor(
    private readonly dataSource: DataSource,
    private readonly incidents: IncidentsService,
    private readonly commands: IncidentCommandsService,
    private readonly postmortems: PostmortemsService,
  ) {}

  async allowed(caller: ConsoleCaller, incidentId: string | null): Promise<Set<CommandName>> {
    const holders = incidentId ? await roleHolders(this.dataSource.manager, incidentId) : {};
    return new Set((Object.keys(RIGHTS) as CommandName[]).filter((name) => mayRun(name, caller, holders)));
  }

  async execute(name: CommandName, caller: ConsoleCaller, incidentId: string | null, input: Record<string, unknown>): Promise<unknown> {
    const holders = incidentId ? await roleHolders(this.dataSource.manager, incidentId) : {};
    if (!mayRun(name, caller, holders)) throw new ForbiddenException(`You may not ${name.replace(/_/g, ' ')} on this incident.`);
    const p = caller.principal;
    const id = incidentId ?? '';
    switch (name) {
      case 'declare':
        return this.incidents.declare(parse(declareIncidentBody, input), actorOf(p), p.personId);
      case 'change_status':
        return this.commands.changeStatus(id, p, parse(bodies.statusChangeBody, input));
      case 'change_severity':
        return this.commands.changeSeverity(id, p, parse(bodies.severityChangeBody, input));
      case 'assign_role': {
        const { role, ...rest } = input;
        return this.commands.assignRole(id, parse(bodies.roleParam, role), p, parse(bodies.personBody, rest));
      }
      case 'add_implementer':
        return this.commands.addImplementer(id, p, parse(bodies.personBody, input));
      case 'record_assessment':
        return this.commands.recordAssessment(id, p, parse(bodies.assessmentBody, input));
      case 'fix_deployed':
        return this.commands.fixDeployed(id, p, parse(bodies.fixDeployedBody, input));
      case 'record_verification':
        return this.commands.recordVerification(id, p, parse(bodies.verificationBody, input));
      case 'record_signal':
        return this.commands.recordSignal(id, p, parse(bodies.signalBody, input));
      case 'resolve':
        return this.commands.resolve(id, p);
      case 'reopen':
        return this.commands.reopen(id, p, { reason: parse(bodies.noteBody, { text: input.reason }).text });
      case 'close':
        return this.commands.close(id, p);
      case 'mark_duplicate':
        return this.commands.markDuplicate(id, p, parse(bodies.duplicateBody, input));
      case 'add_note':
        return this.commands.addNote(id, p, parse(bodies.noteBody, input));
      case 'report_ticket_volume':
        return this.commands.ticketVolume(id, p, parse(bodies.ticketVolumeBody, input));
      case 'flag_media_attention':
        return this.commands.mediaAttention(id, p, parse(bodies.mediaAttentionBody, input));
      case 'send_executive_update':
        return this.commands.executiveUpdate(id, p, parse(bodies.executiveUpdateBody, input));
      case 'authorise_compensation':
        return this.commands.authoriseCompensation(id, p, parse(bodies.compensationBody, input));
      case 'edit_postmortem_section': {
        const { section, ...rest } = input;
        return this.postmortems.writeSection(id, parse(sectionKeySchema, section), p, parse(pm.sectionBody, rest));
      }
      case 'add_action_item':
        return this.postmortems.addActionItem(id, p, parse(pm.actionItemBody, input));
      case 'update_action_item': {
        const { itemId, ...rest } = input;
        return this.postmortems.updateActionItem(id, parse(z.string().uuid('must be an action item id'), itemId), parse(pm.actionItemPatch, rest));
      }
      case 'review_postmortem':
        return this.postmortems.review(id, p, parse(pm.reviewBody, input));
      case 'publish_postmortem':
        return this.postmortems.publish(id, p);
      case 'acknowledge_page':
        throw new ForbiddenException('Pages are acknowledged from the page itself (Slack or the pager), not from the console.');
    }
  }
}
