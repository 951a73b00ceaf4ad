import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import type { Clock } from '@sitrep/clock';
import {
  COMMAND_NAMES,
  CommandName,
  commandRequestSchema,
  commandSubject,
  incidentStateRequestSchema,
  personByEmailRequestSchema,
  personByIdRequestSchema,
  personBySlackUserRequestSchema,
  querySubject,
  waitingAlertsRequestSchema,
} from '@sitrep/contracts';
import type { EventBus, Responder } from '@sitrep/messaging';
import { ZodBodyPipe } from '@sitrep/platform';
import type { ZodTypeAny, z } from 'zod';
import type { Policy } from '../../policy/policy';
import { callerForPerson } from '../kernel/caller';
import { CommandExecutor } from '../kernel/command-executor';
import { forbidden } from '../kernel/refusals';
import { incidentState } from '../queries/incident-state.query';
import { personByEmail, personById, personBySlackUser } from '../queries/person-lookup.query';
import { decodeRequest, encodeReply, refusalReply } from './reply';
import { waitingAlerts } from '../../alerts/alert-store';

export interface ServeCommandsDeps {
  bus: EventBus;
  executor: CommandExecutor;
  dataSource: DataSource;
  policy: Policy;
  clock: Clock;
  logger: Logger;
}

/**
 * incident-core answers `commands.<name>` and `queries.<name>` on the bus (request/reply, shared by
 * its replicas). A command request names the acting person; they act with the rights their roster
 * entry gives (kernel/caller.ts), through the same executor as the HTTP API, so the reply carries the
 * same status and reason the API would.
 */
export async function serveCommands(deps: ServeCommandsDeps): Promise<Responder[]> {
  const { bus, logger } = deps;
  const answer = (subject: string, work: (request: unknown) => Promise<unknown>) =>
    bus.serve(subject, async (data) => {
      const decoded = decodeRequest(data);
      if (!decoded.ok) return encodeReply(decoded.reply);
      try {
        return encodeReply({ ok: true, result: await work(decoded.value) });
      } catch (error) {
        const reply = refusalReply(error);
        if (reply.ok === false && reply.status >= 500) logger.error({ err: error, subject }, 'request failed');
        return encodeReply(reply);
      }
    });

  const responders: Responder[] = [];
  for (const name of COMMAND_NAMES) responders.push(await answer(commandSubject(name), (request) => runCommand(deps, name, request)));
  const manager = () => deps.dataSource.manager;
  responders.push(
    await answer(querySubject('incident_state'), async (request) => {
      const { incidentId } = parse(incidentStateRequestSchema, request);
      return incidentState(manager(), deps.policy, incidentId, deps.clock.now());
    }),
    await answer(querySubject('person_by_slack_user'), async (request) => ({ person: await personBySlackUser(manager(), parse(personBySlackUserRequestSchema, request).slackUserId) })),
    await answer(querySubject('person_by_email'), async (request) => ({ person: await personByEmail(manager(), parse(personByEmailRequestSchema, request).email) })),
    await answer(querySubject('person_by_id'), async (request) => ({ person: await personById(manager(), parse(personByIdRequestSchema, request).personId) })),
    await answer(querySubject('waiting_alerts'), async (request) => waitingAlerts(manager(), parse(waitingAlertsRequestSchema, request).limit)),
  );
  return responders;
}

function parse<S extends ZodTypeAny>(schema: S, value: unknown): z.infer<S> {
  return new ZodBodyPipe(schema).transform(value);
}

async function runCommand(deps: ServeCommandsDeps, name: CommandName, request: unknown): Promise<unknown> {
  const { actor, incidentId, input } = parse(commandRequestSchema, request);
  const person = await personById(deps.dataSource.manager, actor.personId);
  // An actor the roster does not know is nobody: refused like a request without a token's person.
  if (!person) throw forbidden(`no person on the roster has id ${actor.personId}; only people on the roster may act on incidents`);
  return deps.executor.execute(name, callerForPerson(person, actor.via), incidentId ?? null, input ?? {});
}
