import { addComponentsInputSchema, AddComponentsResult } from '@sitrep/contracts';
import { defineCommand } from './kernel/command';
import { badField, conflict } from './kernel/refusals';

/** The input as the HTTP route's body (POST /api/v1/incidents/:id/components) and the NATS request's `input`. */
export const addComponentsInput = addComponentsInputSchema;

/** The components of `adding` the incident does not have yet, in the order given and without repeats. */
export function newComponents(current: readonly string[], adding: readonly string[]): string[] {
  return [...new Set(adding)].filter((id) => !current.includes(id));
}

/**
 * Components join an incident's affected components: any responder (what they see is what they see),
 * or an alert integration whose alerts on other components joined the incident. Adding only what is
 * already there changes nothing and records nothing, so concurrent callers may ask for the same one.
 */
export const addComponents = defineCommand({
  name: 'add_components',
  scope: 'incident',
  input: addComponentsInput,
  tokenRoles: ['responder', 'automation'],
  async run({ input, incident, incidentId, change, deps }): Promise<AddComponentsResult> {
    const unknown = await deps.components.unknownIds([...new Set(input.componentIds)], change.manager);
    if (unknown.length) throw badField('componentIds', `unknown component id(s): ${unknown.join(', ')}`);
    const added = newComponents(incident.componentIds, input.componentIds);
    if (added.length === 0) return { added, componentIds: incident.componentIds };
    if (incident.status === 'closed') throw conflict('a closed incident takes no more components');
    const componentIds = [...incident.componentIds, ...added];
    await change.manager.query(`UPDATE core.incidents SET component_ids = $2 WHERE id = $1`, [incidentId, componentIds]);
    const names: { id: string; name: string }[] = await change.manager.query(`SELECT id, name FROM core.components WHERE id = ANY($1::uuid[])`, [added]);
    const named = added.map((id) => names.find((n) => n.id === id)?.name ?? id);
    await change.emit(
      'incident.components_added',
      { added, componentIds, reason: input.reason ?? null },
      { kind: 'components_added', text: `${named.join(', ')} added to the affected components${input.reason ? ` (${input.reason})` : ''}`, detail: { added, componentIds } },
    );
    return { added, componentIds };
  },
});
