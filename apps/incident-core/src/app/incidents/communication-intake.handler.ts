import type { DataSource } from 'typeorm';
import { SYSTEM_ACTOR, SitrepEvent, subjectFilters } from '@sitrep/contracts';
import { EventHandler, appendToOutbox, handleOnce } from '@sitrep/messaging';
import { CORE_SCHEMA } from '../core-schema';
import { emitDeadlineStage } from '../deadlines/deadline-events';
import { planDeadline } from '../deadlines/deadline-rules';
import { cancelDeadlines, createDeadlines, meetDeadline } from '../deadlines/deadline-store';
import type { OutboxSignal } from '../outbox/unit-of-work';
import type { Policy } from '../policy/policy';
import { IncidentChange } from './incident-change';

export const COMMUNICATION_INTAKE = 'core-communication-intake';

/**
 * comms reports each published customer communication; incident-core meets the first-notice and
 * cadence clocks with it and arms the next update. The all-clear ends the cadence.
 */
export function communicationIntakeHandler(dataSource: DataSource, policy: Policy, signal: OutboxSignal): EventHandler {
  return {
    consumer: COMMUNICATION_INTAKE,
    kind: 'durable',
    filter: subjectFilters.communicationEvents,
    types: ['communication.published', 'communication.delivery_summary'],
    async handle(event: SitrepEvent): Promise<void> {
      if (event.type === 'communication.delivery_summary') return recordDeliverySummary(dataSource, event);
      if (event.type !== 'communication.published' || !event.incidentId || event.data.subject !== 'incident') return;
      const incidentId = event.incidentId;
      const { kind, publishedAt } = event.data;
      await handleOnce(dataSource, CORE_SCHEMA, COMMUNICATION_INTAKE, event.id, async (manager) => {
        const [incident] = await manager.query(`SELECT severity, status FROM core.incidents WHERE id = $1 FOR UPDATE`, [incidentId]);
        if (!incident) return;
        const at = new Date(publishedAt);
        const change = new IncidentChange(manager, (e) => appendToOutbox(manager, CORE_SCHEMA, e), incidentId, event.actor ?? SYSTEM_ACTOR, at, 'comms');
        await change.line({ kind: 'communication_published', text: `customer communication published (${kind})`, detail: { communicationId: event.data.communicationId, kind } });
        for (const clock of ['first_customer_notice', 'customer_update'] as const) {
          const met = await meetDeadline(manager, incidentId, clock, at);
          if (met) await emitDeadlineStage(change, met, 'met');
        }
        await cancelDeadlines(manager, incidentId, ['first_customer_notice', 'customer_update'], at);
        // Once customers are told it is resolved, the cadence stops; the all-clear has its own clock (recovery watch).
        const cadenceEnds = kind === 'resolved' || kind === 'all_clear' || kind === 'postmortem' || incident.status === 'closed';
        if (!cadenceEnds) {
          await createDeadlines(manager, incidentId, [planDeadline('customer_update', at, policy.severities[incident.severity as 'P1'].customerUpdateEvery)]);
        }
      });
      signal.wake();
    },
  };
}

/** Once a communication's fan-out is complete, the timeline says how many were told on each channel. */
async function recordDeliverySummary(dataSource: DataSource, event: SitrepEvent): Promise<void> {
  if (event.type !== 'communication.delivery_summary' || !event.incidentId || !event.data.complete) return;
  const incidentId = event.incidentId;
  const { communicationId, channels } = event.data;
  await handleOnce(dataSource, CORE_SCHEMA, COMMUNICATION_INTAKE, event.id, async (manager) => {
    const [known] = await manager.query(`SELECT id FROM core.incidents WHERE id = $1`, [incidentId]);
    if (!known) return;
    const counts = Object.entries(channels)
      .map(([channel, c]) => `${channel}: ${c.sent} sent${c.failed ? `, ${c.failed} failed` : ''}`)
      .join('; ');
    const change = new IncidentChange(manager, (e) => appendToOutbox(manager, CORE_SCHEMA, e), incidentId, event.actor, new Date(event.occurredAt), 'comms');
    await change.line({ kind: 'communication_delivered', text: `customer communication delivered (${counts || 'no subscribers'})`, detail: { communicationId, channels } });
  });
}
