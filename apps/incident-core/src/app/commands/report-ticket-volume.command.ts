import { z } from 'zod';
import { escalate, nextLevel } from '../escalations/escalate';
import { exceedsTicketThreshold, ticketVolumeMultiple } from '../escalations/ticket-volume';
import { defineCommand } from './kernel/command';
import { conflict } from './kernel/refusals';

export const reportTicketVolumeInput = z.object({ count: z.number().int().nonnegative(), windowMinutes: z.number().int().positive().max(24 * 60) }).strict();

/** The seed's "IC → Support VP → CSO (if ticket volume > 5× normal)": each report over the line goes one level up, once. */
export const reportTicketVolume = defineCommand({
  name: 'report_ticket_volume',
  scope: 'incident',
  input: reportTicketVolumeInput,
  tokenRoles: ['responder', 'automation'],
  async run({ input, change, incident, deps }) {
    if (incident.status === 'closed') throw conflict('a closed incident takes no ticket reports');
    const { normalTicketsPerHour } = deps.settings;
    const threshold = deps.policy.ticketVolumeEscalationMultiple;
    const multiple = ticketVolumeMultiple(input.count, input.windowMinutes, normalTicketsPerHour);
    const over = exceedsTicketThreshold(input.count, input.windowMinutes, normalTicketsPerHour, threshold);
    await change.line({ kind: 'ticket_volume', text: `${input.count} tickets in ${input.windowMinutes} min: ${multiple.toFixed(1)}× normal`, detail: { ...input, multiple } });
    let escalated = false;
    if (over) {
      const level = await nextLevel(change, 'support');
      if (level) escalated = await escalate(change, 'support', level, `ticket volume ${multiple.toFixed(1)}× normal (threshold ${threshold}×)`);
    }
    return { multiple: Math.round(multiple * 100) / 100, escalated };
  },
});
