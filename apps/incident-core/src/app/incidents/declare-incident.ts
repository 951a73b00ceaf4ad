import { z } from 'zod';
import { severitySchema } from '@sitrep/contracts';

const uuid = (what: string) => z.string().uuid(`must be ${what} (a UUID)`);

export const declareIncidentBody = z
  .object({
    title: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
    severity: severitySchema,
    summary: z.string().trim().max(5000, 'must be at most 5000 characters').optional(),
    componentIds: z.array(uuid('a component id')).max(100).optional(),
    /** The seed's triggers: declared by hand, detected multi-customer impact, or an executive escalation. */
    trigger: z.enum(['manual', 'multi_customer_impact', 'executive_escalation']).default('manual'),
    affectedCustomers: z
      .object({ count: z.number().int().nonnegative().optional(), ids: z.array(z.string().min(1)).max(10_000).optional() })
      .strict()
      .refine((v) => v.count !== undefined || (v.ids?.length ?? 0) > 0, 'give the count or the ids of the affected customers')
      .optional(),
    escalatedBy: z.string().trim().min(1).max(200).optional(),
    commanderId: uuid('a person id').optional(),
  })
  .strict()
  .superRefine((body, ctx) => {
    if (body.trigger === 'multi_customer_impact' && !body.affectedCustomers) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['affectedCustomers'], message: 'required when the trigger is multi_customer_impact' });
    }
    if (body.trigger === 'executive_escalation' && !body.escalatedBy) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['escalatedBy'], message: 'required when the trigger is executive_escalation (who escalated it)' });
    }
  });
export type DeclareIncidentBody = z.infer<typeof declareIncidentBody>;

/** INC-0042: short enough to say on a bridge call, unique, in declaration order. */
export function incidentReference(sequence: number): string {
  return `INC-${String(sequence).padStart(4, '0')}`;
}
