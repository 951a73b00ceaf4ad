import type { EntityManager } from 'typeorm';
import type { z, ZodTypeAny } from 'zod';
import type { Principal, Role } from '@sitrep/auth';
import type { CommandName } from '@sitrep/contracts';
import type { IncidentChange } from '../../incidents/incident-change';
import type { IncidentEntity } from '../../incidents/incident.entity';
import type { RecordEvent } from '../../outbox/unit-of-work';
import type { Caller } from './caller';
import type { CommandDeps } from './command-deps';
import type { Holders } from './role-holders';

/** What every command sees: its validated input, who is acting, and the transaction it runs in. */
export interface BaseContext<I> {
  input: I;
  caller: Caller;
  principal: Principal;
  manager: EntityManager;
  record: RecordEvent;
  at: Date;
  deps: CommandDeps;
}

/**
 * What a command's authorisation sees: who is acting, the incident's role holders (none for a new
 * incident) and the input. Nothing else, and no database: so the same function answers "may this
 * person run this command?" for the console before it shows a form, and decides when the command runs.
 */
export interface AuthoriseContext<I> {
  input: I;
  caller: Caller;
  principal: Principal;
  holders: Holders;
}

/** A command on an existing incident: its row is locked for the whole command, its roles are known. */
export interface IncidentContext<I> extends BaseContext<I> {
  incidentId: string;
  incident: IncidentEntity;
  holders: Holders;
  change: IncidentChange;
}

export type Scope = 'incident' | 'new';
export type ContextOf<Sc extends Scope, I> = Sc extends 'incident' ? IncidentContext<I> : BaseContext<I>;

/**
 * One command: its name on the wire, its input schema (a 400 names the field), the token roles that
 * may call it at all, the incident-level authorisation (a reason to refuse with 403, naming people by
 * name, or null; see AuthoriseContext), and the rule itself. The executor runs authorise and run in one
 * unit of work.
 */
export interface CommandDefinition<S extends ZodTypeAny = ZodTypeAny, R = unknown, Sc extends Scope = Scope> {
  name: CommandName;
  scope: Sc;
  input: S;
  tokenRoles: readonly Role[];
  authorise?(ctx: AuthoriseContext<z.infer<S>>): string | null;
  run(ctx: ContextOf<Sc, z.infer<S>>): Promise<R>;
}

export function defineCommand<S extends ZodTypeAny, R, Sc extends Scope>(definition: CommandDefinition<S, R, Sc>): CommandDefinition<S, R, Sc> {
  return definition;
}

/** The result type of a command definition. */
export type ResultOf<C> = C extends CommandDefinition<ZodTypeAny, infer R, Scope> ? R : never;
