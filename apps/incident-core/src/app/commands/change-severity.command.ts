import { z } from 'zod';
import { Severity, severitySchema } from '@sitrep/contracts';
import { defineCommand } from './kernel/command';
import { conflict } from './kernel/refusals';
import { reason } from './shared/inputs';

export const changeSeverityInput = z.object({ severity: severitySchema, reason }).strict();

/** Raises or lowers the severity, with the reason on the timeline. Any responder; not once closed. */
export const changeSeverity = defineCommand({
  name: 'change_severity',
  scope: 'incident',
  input: changeSeverityInput,
  tokenRoles: ['responder'],
  async run({ input, change, incident, incidentId }) {
    if (incident.status === 'closed') throw conflict('a closed incident keeps the severity it closed with');
    if (incident.severity === input.severity) throw conflict(`the incident is already ${input.severity}`);
    const from = incident.severity;
    await change.manager.query(`UPDATE core.incidents SET severity = $2 WHERE id = $1`, [incidentId, input.severity]);
    const direction = Number(input.severity[1]) < Number(from[1]) ? 'raised' : 'lowered';
    await change.emit('incident.severity_changed', { from, to: input.severity, reason: input.reason }, { kind: 'severity_changed', text: `severity ${direction} ${from} → ${input.severity}: ${input.reason}` });
    return { severity: input.severity as Severity };
  },
});
