import type { CommandName } from '@sitrep/contracts';
import { COMMANDS } from '../all-commands';
import type { Caller } from './caller';
import type { CommandDefinition } from './command';
import { refuseTokenRoles } from './command-executor';
import type { Holders } from './role-holders';

/**
 * Why this caller may not run this command on an incident with these role holders, or null when they
 * may: the token roles the command allows, then the command's own authorisation, exactly as the
 * executor checks them. The console asks it before showing a form, so the forms follow the commands'
 * rules instead of a copy of them. `input` matters only where the rule depends on it (assign_role: which
 * role is handed over); the executor still validates the input and decides when the command runs.
 */
export function commandRefusal(name: CommandName, caller: Caller, holders: Holders, input: unknown = {}): string | null {
  const command = COMMANDS[name] as unknown as CommandDefinition;
  return tokenRolesRefusal(name, caller) ?? (command.authorise ? command.authorise({ input, caller, principal: caller.principal, holders }) : null);
}

/** Only the token-role part: whether this caller may run the command on any incident at all. */
export function tokenRolesRefusal(name: CommandName, caller: Caller): string | null {
  return refuseTokenRoles(caller.tokenRoles, (COMMANDS[name] as unknown as CommandDefinition).tokenRoles);
}

/** Whether a command acts on an incident ('incident') or starts one ('new'). */
export function commandScope(name: CommandName): 'incident' | 'new' {
  return (COMMANDS[name] as unknown as CommandDefinition).scope;
}
