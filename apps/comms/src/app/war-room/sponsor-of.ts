import type { EntityManager } from 'typeorm';
import { incidentStateSchema } from '@sitrep/contracts';
import { COMMS_SCHEMA } from '../comms-schema';
import type { CommandClient } from '../slack-app/command-client';

/**
 * Who incident-core says holds the incident's executive sponsor role now: a person's id, null when nobody
 * does, undefined when it did not answer.
 */
export type AskSponsor = (incidentId: string) => Promise<string | null | undefined>;

/**
 * The incident's executive sponsor, or null when it has none. comms' own copy of the roles comes on another
 * consumer (the war room's) and may lag this event, or never come at all (a P1 declared with no on-call
 * executive, a P2 nobody sponsors): so when comms has not heard of a sponsor, incident-core, which owns the
 * roles, is asked rather than guessed at. Only when it does not answer is the event tried again later.
 */
export async function sponsorOf(manager: EntityManager, incidentId: string, ask: AskSponsor): Promise<string | null> {
  const [known]: { person_id: string }[] = await manager.query(`SELECT person_id FROM ${COMMS_SCHEMA}.war_room_roles WHERE incident_id = $1 AND role = 'executive_sponsor'`, [incidentId]);
  if (known) return known.person_id;
  const answer = await ask(incidentId);
  if (answer === undefined) throw new Error(`comms has not heard of a sponsor for incident ${incidentId} and incident-core did not say who holds the role: trying again later`);
  return answer;
}

/** Asks incident-core on queries.incident_state (the same answer `/incident` shows). */
export function sponsorFromIncidentCore(commands: Pick<CommandClient, 'query'>): AskSponsor {
  return async (incidentId) => {
    const state = await commands.query('incident_state', { incidentId }, incidentStateSchema);
    if (!state) return undefined;
    return state.roles.find((r) => r.role === 'executive_sponsor')?.person?.id ?? null;
  };
}
