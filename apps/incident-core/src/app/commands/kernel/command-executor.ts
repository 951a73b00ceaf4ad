import { Injectable } from '@nestjs/common';
import type { Role } from '@sitrep/auth';
import type { CommandName } from '@sitrep/contracts';
import { ZodBodyPipe } from '@sitrep/platform';
import { z } from 'zod';
import { actorOf } from '../../access/actor';
import { lockIncident } from '../../incidents/incident-access';
import { IncidentChange } from '../../incidents/incident-change';
import { UnitOfWork } from '../../outbox/unit-of-work';
import { COMMANDS } from '../all-commands';
import type { Caller } from './caller';
import type { BaseContext, CommandDefinition, IncidentContext, ResultOf } from './command';
import { CommandDeps } from './command-deps';
import { badField, forbidden } from './refusals';
import { holdersOf } from './role-holders';

export type CommandResult<N extends CommandName> = ResultOf<(typeof COMMANDS)[N]>;

const incidentIdSchema = z.string().uuid();

/** The token guard's refusal, word for word, so a refused command reads the same on every surface. */
export function refuseTokenRoles(held: readonly Role[], allowed: readonly Role[]): string | null {
  if (held.includes('admin') || held.some((r) => allowed.includes(r))) return null;
  return `role "${held.join('", "')}" may not do this; allowed: ${['admin', ...allowed].join(', ')}`;
}

/**
 * The one way anything changes an incident: HTTP controllers, the NATS `commands.<name>` responder and
 * in-process callers (integrations) all come here. It checks the caller's token roles, validates the
 * input (400 naming the field), then, in one unit of work with the incident row locked, asks the
 * command whether this person may (403 with the reason) and runs it.
 */
@Injectable()
export class CommandExecutor {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly deps: CommandDeps,
  ) {}

  async execute<N extends CommandName>(name: N, caller: Caller, incidentId: string | null, input: unknown): Promise<CommandResult<N>> {
    const command = COMMANDS[name] as unknown as CommandDefinition;
    const tokenRefusal = refuseTokenRoles(caller.tokenRoles, command.tokenRoles);
    if (tokenRefusal) throw forbidden(tokenRefusal);
    const parsed: unknown = new ZodBodyPipe(command.input).transform(input);
    if (command.scope === 'incident' && !incidentIdSchema.safeParse(incidentId).success) {
      throw badField('id', 'must be an incident id (a UUID)');
    }
    const principal = caller.principal;
    return this.unitOfWork.run(async (manager, record) => {
      const at = this.deps.clock.now();
      const base: BaseContext<unknown> = { input: parsed, caller, principal, manager, record, at, deps: this.deps };
      let ctx: BaseContext<unknown> | IncidentContext<unknown> = base;
      if (command.scope === 'incident') {
        const id = incidentId as string;
        const incident = await lockIncident(manager, id);
        const holders = await holdersOf(manager, id);
        ctx = { ...base, incidentId: id, incident, holders, change: new IncidentChange(manager, record, id, actorOf(principal), at) };
      }
      const holders = 'holders' in ctx ? ctx.holders : {};
      const refusal = command.authorise ? command.authorise({ input: parsed, caller, principal, holders }) : null;
      if (refusal) throw forbidden(refusal);
      return (await command.run(ctx as never)) as CommandResult<N>;
    });
  }
}
