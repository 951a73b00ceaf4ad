import { z } from 'zod';
import { refuseStatusChange } from '../lifecycle/lifecycle';
import { defineCommand } from './kernel/command';
import { conflict } from './kernel/refusals';
import { reason } from './shared/inputs';
import { setStatus } from './shared/set-status';

export const changeStatusInput = z
  .object({ status: z.enum(['investigating', 'identified', 'monitoring', 'resolved', 'recovery_watch', 'closed']), reason: reason.optional() })
  .strict();

/** Moves the incident along the seed's lifecycle (the transitions lifecycle.ts allows). Any responder. */
export const changeStatus = defineCommand({
  name: 'change_status',
  scope: 'incident',
  input: changeStatusInput,
  tokenRoles: ['responder'],
  async run({ input, change, incident }) {
    const refusal = refuseStatusChange(incident.status, input.status);
    if (refusal) throw conflict(refusal);
    await setStatus(change, incident, input.status, input.reason ?? null);
    return { status: incident.status };
  },
});
