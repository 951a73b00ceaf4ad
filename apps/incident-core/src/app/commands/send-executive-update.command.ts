import { z } from 'zod';
import { meetExecutiveUpdateClock } from '../deadlines/executive-update-clock';
import { defineCommand } from './kernel/command';
import { conflict } from './kernel/refusals';
import { refuseUnlessHolder } from './kernel/role-holders';

export const sendExecutiveUpdateInput = z.object({ summary: z.string().trim().min(1, 'must not be empty').max(5000) }).strict();

/**
 * The commander's update to the sponsor (comms delivers it): meets the clock of the interval it is written
 * in; the next interval's clock starts when this one falls due. A second update in one interval is refused.
 */
export const sendExecutiveUpdate = defineCommand({
  name: 'send_executive_update',
  scope: 'incident',
  input: sendExecutiveUpdateInput,
  tokenRoles: ['responder'],
  authorise: ({ principal, holders }) => refuseUnlessHolder(principal, holders, ['commander'], 'send the executive update'),
  async run({ input, change, incident, deps }) {
    if (incident.resolvedAt || incident.status === 'closed') throw conflict('executive updates stop once the incident is resolved');
    await meetExecutiveUpdateClock(change, deps.policy.severities[incident.severity].executiveUpdateEvery);
    await change.emit('incident.executive_update_sent', { summary: input.summary }, { kind: 'executive_update', text: `executive update written for the sponsor: ${input.summary}` });
    return { sentAt: change.at.toISOString() };
  },
});
