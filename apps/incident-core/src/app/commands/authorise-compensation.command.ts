import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { DEFAULT_COMPENSATION_CEILING, refuseCompensationAmount } from '../lifecycle/compensation-amount';
import { defineCommand } from './kernel/command';
import { badField } from './kernel/refusals';
import { describeHolder } from './kernel/role-holders';
import { reason } from './shared/inputs';

export const authoriseCompensationInput = z
  .object({
    // The minor unit and the ceiling are checked in run: they depend on the currency and on configuration.
    amount: z.number().finite('must be a finite number').positive('must be more than 0'),
    currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD'),
    customers: z.array(z.string().trim().min(1)).min(1, 'name at least one customer').max(10_000),
    reason,
  })
  .strict();

/** The seed: the executive sponsor authorises compensation (credits, refunds). Nobody else, not even an admin token. */
export const authoriseCompensation = defineCommand({
  name: 'authorise_compensation',
  scope: 'incident',
  input: authoriseCompensationInput,
  tokenRoles: ['responder'],
  authorise: ({ principal, holders }) =>
    holders.executive_sponsor && principal.personId === holders.executive_sponsor.personId ? null : `only ${describeHolder('executive_sponsor', holders)} authorises compensation`,
  async run({ input, change, incidentId, principal, deps }) {
    const refusal = refuseCompensationAmount(input.amount, input.currency, deps.settings.compensationCeiling ?? DEFAULT_COMPENSATION_CEILING);
    if (refusal) throw badField('amount', refusal);
    const compensationId = randomUUID();
    await change.manager.query(
      `INSERT INTO core.compensations (id, incident_id, amount, currency, customers, reason, authorised_by, authorised_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [compensationId, incidentId, input.amount, input.currency, JSON.stringify(input.customers), input.reason, principal.personId, change.at],
    );
    await change.line({ kind: 'compensation', text: `compensation authorised: ${input.amount} ${input.currency} for ${input.customers.length} customer(s): ${input.reason}`, detail: input });
    return { id: compensationId, ...input };
  },
});
