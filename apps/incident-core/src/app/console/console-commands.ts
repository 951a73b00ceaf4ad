import { ForbiddenException, Injectable } from '@nestjs/common';
import { COMMAND_NAMES, CommandName, IncidentRole, incidentRoleSchema } from '@sitrep/contracts';
import { DataSource } from 'typeorm';
import { CommandExecutor } from '../commands/kernel/command-executor';
import { commandRefusal, commandScope, tokenRolesRefusal } from '../commands/kernel/command-rights';
import { Holders, holdersOf } from '../commands/kernel/role-holders';
import { ConsoleCaller } from './console-caller';

/** What the signed-in person may do on an incident (or, without one, in general): the forms to show. */
export interface ConsoleRights {
  commands: Set<CommandName>;
  /** The incident roles they may put someone in: all for the commander, their own for a role holder. */
  assignableRoles: IncidentRole[];
}

/** Pages are acknowledged from the page itself (Slack, the pager); the console offers no form for it. */
const NOT_FROM_THE_CONSOLE: readonly CommandName[] = ['acknowledge_page'];

/**
 * The console's rights are the commands' own: for each command it asks the command layer's one function
 * (commands/kernel/command-rights.ts) whether this caller may run it on this incident as its role holders
 * stand, and shows the forms accordingly. assign_role depends on the role handed over, so each role is
 * asked on its own.
 */
export function consoleRights(caller: ConsoleCaller, holders: Holders, scope: 'incident' | 'new'): ConsoleRights {
  const commands = new Set<CommandName>();
  const assignableRoles = scope === 'incident' ? incidentRoleSchema.options.filter((role) => commandRefusal('assign_role', caller, holders, { role }) === null) : [];
  for (const name of COMMAND_NAMES) {
    if (NOT_FROM_THE_CONSOLE.includes(name)) continue;
    if (commandScope(name) !== scope) continue;
    if (name === 'assign_role' ? assignableRoles.length > 0 : commandRefusal(name, caller, holders) === null) commands.add(name);
  }
  return { commands, assignableRoles };
}

/** The console's way to run a command: the command executor, as the API and Slack use it (same rights, same refusals). */
@Injectable()
export class ConsoleCommands {
  constructor(
    private readonly dataSource: DataSource,
    private readonly commands: CommandExecutor,
  ) {}

  async rights(caller: ConsoleCaller, incidentId: string | null): Promise<ConsoleRights> {
    return consoleRights(caller, incidentId ? await holdersOf(this.dataSource.manager, incidentId) : {}, incidentId ? 'incident' : 'new');
  }

  async allowed(caller: ConsoleCaller, incidentId: string | null): Promise<Set<CommandName>> {
    return (await this.rights(caller, incidentId)).commands;
  }

  async execute(name: CommandName, caller: ConsoleCaller, incidentId: string | null, input: Record<string, unknown>): Promise<unknown> {
    if (NOT_FROM_THE_CONSOLE.includes(name)) throw new ForbiddenException('Pages are acknowledged from the page itself (Slack or the pager), not from the console.');
    // A form the person was never shown (a viewer posting anyway): said in the console's words.
    if (tokenRolesRefusal(name, caller)) throw new ForbiddenException(`You may not ${name.replace(/_/g, ' ')} on this incident.`);
    return this.commands.execute(name, caller, incidentId, input);
  }
}
