import type { DataSource } from 'typeorm';
import { commandReplySchema, personLookupResultSchema, querySubject } from '@sitrep/contracts';
import type { EventBus } from '@sitrep/messaging';
import { COMMS_SCHEMA } from '../comms-schema';

/** Whether a person id is on incident-core's roster; 'unknown' when nobody could say. */
export type RosterAnswer = 'on_roster' | 'not_on_roster' | 'unknown';

/**
 * Is this person on the roster? comms' own copy of the people answers first; a person created a moment
 * ago may not have reached it yet, so incident-core (which keeps the roster) is asked on
 * `queries.person_by_id` before saying no.
 */
export async function rosterPerson(dataSource: DataSource, bus: Pick<EventBus, 'request'>, personId: string, timeoutMs = 3_000): Promise<RosterAnswer> {
  const known: unknown[] = await dataSource.query(`SELECT 1 FROM ${COMMS_SCHEMA}.people WHERE id = $1`, [personId]);
  if (known.length > 0) return 'on_roster';
  try {
    const raw = await bus.request(querySubject('person_by_id'), Buffer.from(JSON.stringify({ personId })), timeoutMs);
    const reply = commandReplySchema.parse(JSON.parse(Buffer.from(raw).toString('utf8')));
    if (!reply.ok) return 'unknown';
    return personLookupResultSchema.parse(reply.result).person ? 'on_roster' : 'not_on_roster';
  } catch {
    return 'unknown';
  }
}
