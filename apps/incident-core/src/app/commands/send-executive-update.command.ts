import { z } from 'zod';
import { emitDeadlineStage } from '../deadlines/deadline-events';
import { planDeadline } from '../deadlines/deadline-rules';
import { cancelDeadlines, createDeadlines, meetDeadline } from '../deadlines/deadline-store';
import { defineCommand } from './kernel/command';
import { conflict } from './kernel/refusals';
import { refuseUnlessHolder } from './kernel/role-holders';

export const sendExecutiveUpdateInput = z.object({ summary: z.string().trim().min(1, 'must not be empty').max(5000) }).strict();

/** The commander's update to the sponsor: meets the executive-update clock and arms the next one. */
export const sendExecutiveUpdate = defineCommand({
  name: 'send_executive_update',
  scope: 'incident',
  input: sendExecutiveUpdateInput,
  tokenRoles: ['responder'],
  authorise: ({ principal, holders }) => refuseUnlessHolder(principal, holders, ['commander'], 'send the executive update'),
  async run({ input, change, incident, incidentId, deps }) {
    if (incident.resolvedAt || incident.status === 'closed') throw conflict('executive updates stop once the incident is resolved');
    await change.emit('incident.executive_update_sent', { summary: input.summary }, { kind: 'executive_update', text: `executive update sent: ${input.summary}` });
    const met = await meetDeadline(change.manager, incidentId, 'executive_update', change.at);
    if (met) await emitDeadlineStage(change, met, 'met');
    await cancelDeadlines(change.manager, incidentId, ['executive_update'], change.at);
    await createDeadlines(change.manager, incidentId, [planDeadline('executive_update', change.at, deps.policy.severities[incident.severity].executiveUpdateEvery)]);
    return { sentAt: change.at.toISOString() };
  },
});
