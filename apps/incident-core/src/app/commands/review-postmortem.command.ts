import { z } from 'zod';
import { defineCommand } from './kernel/command';
import { conflict } from './kernel/refusals';
import { refuseUnlessHolder } from './kernel/role-holders';

export const reviewPostmortemInput = z.object({ notes: z.string().trim().max(10_000).optional() }).strict();

/** The commander records that the blameless review took place. */
export const reviewPostmortem = defineCommand({
  name: 'review_postmortem',
  scope: 'incident',
  input: reviewPostmortemInput,
  tokenRoles: ['responder'],
  authorise: ({ principal, holders }) => refuseUnlessHolder(principal, holders, ['commander'], 'record the post-mortem review'),
  async run({ input, manager, incidentId, change, principal, deps, at }) {
    const pm = await deps.postmortems.requireRecord(manager, incidentId, true);
    if (pm.state !== 'draft') throw conflict(`the post-mortem is already ${pm.state}`);
    await manager.query(`UPDATE core.postmortems SET state = 'reviewed', reviewed_at = $2, reviewed_by = $3, review_notes = $4 WHERE incident_id = $1`, [
      incidentId,
      at,
      principal.personId,
      input.notes ?? null,
    ]);
    await change.line({ kind: 'postmortem_reviewed', text: `post-mortem reviewed${input.notes ? `: ${input.notes}` : ''}` });
    return { state: 'reviewed' as const, reviewedAt: at.toISOString() };
  },
});
