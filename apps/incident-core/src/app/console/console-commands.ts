import { ForbiddenException, Injectable } from '@nestjs/common';
import type { Role } from '@sitrep/auth';
import type { CommandName, IncidentRole } from '@sitrep/contracts';
import { DataSource } from 'typeorm';
import { CommandExecutor } from '../commands/kernel/command-executor';
import { roleHolders } from '../incidents/incident-access';
import { ConsoleCaller } from './console-caller';

/**
 * Who may run each command: the token roles, and the incident roles whose holder must be acting (none:
 * any holder of the token role). The console uses them to hide the forms a person may not use; the
 * command executor decides.
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
  declare_from_alerts: { tokenRoles: ['responder'] },
  add_components: { tokenRoles: ['responder', 'automation'] },
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

/**
 * The console's way to run a command: the command executor, as the API and Slack use it. A command the
 * caller's token roles never allow gets the console's own refusal; the incident-level rules are the
 * executor's (its refusals name the people who may).
 */
@Injectable()
export class ConsoleCommands {
  constructor(
    private readonly dataSource: DataSource,
    private readonly commands: CommandExecutor,
  ) {}

  async allowed(caller: ConsoleCaller, incidentId: string | null): Promise<Set<CommandName>> {
    const holders = incidentId ? await roleHolders(this.dataSource.manager, incidentId) : {};
    return new Set((Object.keys(RIGHTS) as CommandName[]).filter((name) => mayRun(name, caller, holders)));
  }

  async execute(name: CommandName, caller: ConsoleCaller, incidentId: string | null, input: Record<string, unknown>): Promise<unknown> {
    if (name === 'acknowledge_page') throw new ForbiddenException('Pages are acknowledged from the page itself (Slack or the pager), not from the console.');
    const admin = caller.tokenRoles.includes('admin');
    if (!admin && !caller.tokenRoles.some((r) => RIGHTS[name].tokenRoles.includes(r))) throw new ForbiddenException(`You may not ${name.replace(/_/g, ' ')} on this incident.`);
    return this.commands.execute(name, caller, incidentId, input);
  }
}
