import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { actionItemPrioritySchema } from '@sitrep/contracts';
import { personById } from '../incidents/people-lookup';
import { ACTION_ITEM_COLUMNS, ActionItemRow, toActionItem } from '../postmortems/postmortem-store';
import { defineCommand } from './kernel/command';
import { badField } from './kernel/refusals';
import { isoDate } from './shared/inputs';

export const addActionItemInput = z
  .object({
    title: z.string().trim().min(1, 'must not be empty').max(300, 'must be at most 300 characters'),
    description: z.string().trim().max(5000).optional(),
    ownerPersonId: z.string().uuid('must be a person id (a UUID)'),
    dueDate: isoDate,
    priority: actionItemPrioritySchema,
  })
  .strict();

/** An action item of the post-mortem, with its owner, due date and priority. Any responder. */
export const addActionItem = defineCommand({
  name: 'add_action_item',
  scope: 'incident',
  input: addActionItemInput,
  tokenRoles: ['responder'],
  async run({ input, manager, incidentId, change, deps, at }) {
    await deps.postmortems.requireRecord(manager, incidentId, true);
    if (!(await personById(manager, input.ownerPersonId))) throw badField('ownerPersonId', `no person with id ${input.ownerPersonId}`);
    const [row]: ActionItemRow[] = await manager.query(
      `INSERT INTO core.postmortem_action_items (id, incident_id, position, title, description, owner_person_id, due_date, priority, status, created_at, created_by, updated_at)
       VALUES ($1, $2, (SELECT coalesce(max(position), 0) + 1 FROM core.postmortem_action_items WHERE incident_id = $2), $3, $4, $5, $6, $7, 'open', $8, $9, $8)
       RETURNING ${ACTION_ITEM_COLUMNS}`,
      [randomUUID(), incidentId, input.title, input.description ?? null, input.ownerPersonId, input.dueDate, input.priority, at, JSON.stringify(change.actor)],
    );
    return deps.postmortems.itemView(manager, toActionItem(row));
  },
});
