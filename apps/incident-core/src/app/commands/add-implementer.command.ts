import { refuseImplementer } from '../lifecycle/roles';
import { personById } from '../incidents/people-lookup';
import { defineCommand } from './kernel/command';
import { badField, conflict } from './kernel/refusals';
import { personInput } from './shared/inputs';

export const addImplementerInput = personInput;

/** Records who implements the fix; never the commander (the seed). Any responder. */
export const addImplementer = defineCommand({
  name: 'add_implementer',
  scope: 'incident',
  input: addImplementerInput,
  tokenRoles: ['responder'],
  async run({ input, change, incident, incidentId, holders }) {
    if (incident.status === 'closed') throw conflict('a closed incident takes no implementers');
    const person = await personById(change.manager, input.personId);
    if (!person) throw badField('personId', `no person with id ${input.personId}`);
    const refusal = refuseImplementer(person, holders.commander?.personId ?? null);
    if (refusal) throw conflict(refusal);
    const inserted: unknown[] = await change.manager.query(
      `INSERT INTO core.incident_implementers (incident_id, person_id, added_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING person_id`,
      [incidentId, input.personId, change.at],
    );
    if (inserted.length === 0) throw conflict(`${person.name} is already implementing the fix`);
    await change.emit('incident.implementer_added', { personId: input.personId }, { kind: 'implementer_added', text: `${person.name} is implementing the fix` });
    return { personId: input.personId };
  },
});
