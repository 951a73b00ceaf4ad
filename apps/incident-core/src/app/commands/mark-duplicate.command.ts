import { z } from 'zod';
import { CANCELLED_ON_CLOSE } from '../deadlines/deadline-rules';
import { cancelDeadlines } from '../deadlines/deadline-store';
import { defineCommand } from './kernel/command';
import { badField, conflict } from './kernel/refusals';
import { refuseUnlessHolder } from './kernel/role-holders';
import { uuid } from './shared/inputs';
import { setStatus } from './shared/set-status';

export const markDuplicateInput = z.object({ duplicateOf: uuid('an incident id') }).strict();

/** Closes the incident as a duplicate of another (the original, never a duplicate itself). The commander's call. */
export const markDuplicate = defineCommand({
  name: 'mark_duplicate',
  scope: 'incident',
  input: markDuplicateInput,
  tokenRoles: ['responder'],
  authorise: ({ principal, holders }) => refuseUnlessHolder(principal, holders, ['commander'], 'mark this incident a duplicate'),
  async run({ input, change, incident, incidentId }) {
    if (input.duplicateOf === incidentId) throw badField('duplicateOf', 'an incident cannot duplicate itself');
    if (incident.status === 'closed') throw conflict('the incident is already closed');
    const [original] = await change.manager.query(`SELECT id, reference, duplicate_of FROM core.incidents WHERE id = $1`, [input.duplicateOf]);
    if (!original) throw badField('duplicateOf', `no incident with id ${input.duplicateOf}`);
    if (original.duplicate_of) {
      const [root] = await change.manager.query(`SELECT reference FROM core.incidents WHERE id = $1`, [original.duplicate_of]);
      throw conflict(`${original.reference} is itself a duplicate of ${root?.reference ?? original.duplicate_of}; point at the original`);
    }
    await change.manager.query(`UPDATE core.incidents SET duplicate_of = $2, closed_at = $3 WHERE id = $1`, [incidentId, input.duplicateOf, change.at]);
    await setStatus(change, incident, 'closed', `duplicate of ${original.reference}`);
    await cancelDeadlines(change.manager, incidentId, [...CANCELLED_ON_CLOSE, 'postmortem'], change.at);
    await change.emit('incident.closed', { closedAt: change.at.toISOString(), duplicateOf: input.duplicateOf }, { kind: 'closed', text: `closed as a duplicate of ${original.reference}` });
    return { status: incident.status, duplicateOf: input.duplicateOf };
  },
});
