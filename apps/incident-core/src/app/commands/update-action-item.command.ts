import { NotFoundException } from '@nestjs/common';
import { z } from 'zod';
import { actionItemPrioritySchema, actionItemStatusSchema } from '@sitrep/contracts';
import { personById } from '../incidents/people-lookup';
import { ACTION_ITEM_COLUMNS, ActionItemRow, toActionItem } from '../postmortems/postmortem-store';
import { defineCommand } from './kernel/command';
import { badField } from './kernel/refusals';
import { isoDate, uuid } from './shared/inputs';

/** The fields a change may give; over HTTP the item is the path's `:itemId`. */
export const actionItemChanges = z
  .object({
    title: z.string().trim().min(1, 'must not be empty').max(300).optional(),
    description: z.string().trim().max(5000).nullable().optional(),
    ownerPersonId: z.string().uuid('must be a person id (a UUID)').optional(),
    dueDate: isoDate.optional(),
    priority: actionItemPrioritySchema.optional(),
    status: actionItemStatusSchema.optional(),
  })
  .strict();
export const updateActionItemInput = actionItemChanges
  .extend({ itemId: uuid('an action item id') })
  .strict()
  .refine((b) => Object.keys(b).some((k) => k !== 'itemId'), 'give at least one field to change');

/** Changes an action item (owner, due date, status…); a new due date or owner re-arms its reminder. */
export const updateActionItem = defineCommand({
  name: 'update_action_item',
  scope: 'incident',
  input: updateActionItemInput,
  tokenRoles: ['responder'],
  async run({ input, manager, incidentId, deps, at }) {
    await deps.postmortems.requireRecord(manager, incidentId);
    const [current]: ActionItemRow[] = await manager.query(`SELECT ${ACTION_ITEM_COLUMNS} FROM core.postmortem_action_items WHERE id = $1 AND incident_id = $2 FOR UPDATE`, [
      input.itemId,
      incidentId,
    ]);
    if (!current) throw new NotFoundException(`the post-mortem of incident ${incidentId} has no action item ${input.itemId}`);
    const item = toActionItem(current);
    if (input.ownerPersonId && !(await personById(manager, input.ownerPersonId))) throw badField('ownerPersonId', `no person with id ${input.ownerPersonId}`);
    const status = input.status ?? item.status;
    const doneAt = status === 'done' ? (item.status === 'done' ? item.doneAt : at) : null;
    const dueDate = input.dueDate ?? item.dueDate;
    const [row]: ActionItemRow[] = await manager.query(
      // UPDATE inside a CTE: TypeORM answers a bare UPDATE ... RETURNING with [rows, count].
      `WITH updated AS (
         UPDATE core.postmortem_action_items SET title = $2, description = $3, owner_person_id = $4, due_date = $5, priority = $6, status = $7, done_at = $8, updated_at = $9,
           last_reminded_at = CASE WHEN due_date = $5::date AND owner_person_id = $4 THEN last_reminded_at ELSE NULL END
         WHERE id = $1 RETURNING *)
       SELECT ${ACTION_ITEM_COLUMNS} FROM updated`,
      [
        input.itemId,
        input.title ?? item.title,
        input.description === undefined ? item.description : input.description,
        input.ownerPersonId ?? item.ownerPersonId,
        dueDate,
        input.priority ?? item.priority,
        status,
        doneAt,
        at,
      ],
    );
    return deps.postmortems.itemView(manager, toActionItem(row));
  },
});
