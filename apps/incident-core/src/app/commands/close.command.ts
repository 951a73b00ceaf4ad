import { CANCELLED_ON_CLOSE } from '../deadlines/deadline-rules';
import { cancelDeadlines } from '../deadlines/deadline-store';
import { refuseClose } from '../lifecycle/lifecycle';
import { defineCommand } from './kernel/command';
import { conflict } from './kernel/refusals';
import { refuseUnlessHolder } from './kernel/role-holders';
import { noInput } from './shared/inputs';
import { setStatus } from './shared/set-status';

/** The commander closes the incident once its recovery watch is over. */
export const close = defineCommand({
  name: 'close',
  scope: 'incident',
  input: noInput,
  tokenRoles: ['responder'],
  authorise: ({ principal, holders }) => refuseUnlessHolder(principal, holders, ['commander'], 'close the incident'),
  async run({ change, incident, incidentId }) {
    const refusal = refuseClose(incident.status, incident.recoveryWatchEndsAt, change.at);
    if (refusal) throw conflict(`cannot close: ${refusal}`);
    await change.manager.query(`UPDATE core.incidents SET closed_at = $2 WHERE id = $1`, [incidentId, change.at]);
    await cancelDeadlines(change.manager, incidentId, CANCELLED_ON_CLOSE, change.at);
    await setStatus(change, incident, 'closed', null);
    await change.emit('incident.closed', { closedAt: change.at.toISOString(), duplicateOf: null }, { kind: 'closed', text: 'incident closed by the commander' });
    return { status: incident.status, closedAt: change.at.toISOString() };
  },
});
