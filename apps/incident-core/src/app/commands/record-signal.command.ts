import { z } from 'zod';
import { planDeadline } from '../deadlines/deadline-rules';
import { cancelDeadlines, createDeadlines } from '../deadlines/deadline-store';
import { defineCommand } from './kernel/command';

export const recordSignalInput = z
  .object({ healthy: z.boolean(), source: z.string().trim().min(1).max(200).default('monitoring'), alertId: z.string().trim().max(200).optional() })
  .strict();

/**
 * Monitoring's health signal. While a fix is being verified, healthy signals start (and keep) the
 * stability window and an unhealthy one restarts it; during the recovery watch an unhealthy signal or
 * a linked alert is flagged as a possible recurrence.
 */
export const recordSignal = defineCommand({
  name: 'record_signal',
  scope: 'incident',
  input: recordSignalInput,
  tokenRoles: ['responder', 'automation'],
  async run({ input, change, incident, incidentId, deps }) {
    const possibleRecurrence = incident.status === 'recovery_watch' && (!input.healthy || Boolean(input.alertId));
    await change.manager.query(`UPDATE core.incidents SET last_signal_healthy = $2 WHERE id = $1`, [incidentId, input.healthy]);
    const text = `${input.source} reports ${input.healthy ? 'healthy' : 'unhealthy'}${input.alertId ? ` (alert ${input.alertId})` : ''}${possibleRecurrence ? ': possible recurrence' : ''}`;
    await change.emit('incident.signal_recorded', { healthy: input.healthy, source: input.source, possibleRecurrence }, { kind: possibleRecurrence ? 'possible_recurrence' : 'signal', text });
    if (incident.status === 'monitoring' && incident.fixDeployedAt) {
      const window = deps.policy.severities[incident.severity].stabilityWindow;
      if (input.healthy && !incident.stableSince) {
        await change.manager.query(`UPDATE core.incidents SET stable_since = $2 WHERE id = $1`, [incidentId, change.at]);
        await createDeadlines(change.manager, incidentId, [planDeadline('stability_window', change.at, window)]);
        await change.line({ kind: 'stability', text: `stability window started: resolvable after ${Math.round(window / 1000)}s of healthy signals` });
      } else if (!input.healthy && incident.stableSince) {
        await change.manager.query(`UPDATE core.incidents SET stable_since = NULL WHERE id = $1`, [incidentId]);
        await cancelDeadlines(change.manager, incidentId, ['stability_window'], change.at);
        await change.line({ kind: 'stability', text: 'stability window restarted: unhealthy signal' });
      }
    }
    return { possibleRecurrence };
  },
});
