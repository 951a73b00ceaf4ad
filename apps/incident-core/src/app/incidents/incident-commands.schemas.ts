import { z } from 'zod';
import { assessmentSchema, incidentRoleSchema, severitySchema } from '@sitrep/contracts';

/** Request bodies of the incident-command routes; each names the field and the reason when refused. */
const reason = z.string().trim().min(1, 'must not be empty').max(2000);
const uuid = (what: string) => z.string().uuid(`must be ${what} (a UUID)`);

export const statusChangeBody = z.object({ status: z.enum(['investigating', 'identified', 'monitoring', 'resolved', 'recovery_watch', 'closed']), reason: reason.optional() }).strict();
export const severityChangeBody = z.object({ severity: severitySchema, reason }).strict();
export const duplicateBody = z.object({ duplicateOf: uuid('an incident id') }).strict();
export const roleParam = incidentRoleSchema;
export const personBody = z.object({ personId: uuid('a person id') }).strict();
export const assessmentBody = assessmentSchema
  .omit({ customersAffectedPercent: true })
  .extend({ impactScope: z.string().trim().min(1, 'must not be empty').max(2000), enterpriseCustomersAffected: z.array(z.string().trim().min(1)).max(1000).default([]), componentIds: z.array(uuid('a component id')).max(100).default([]) })
  .strict();
export const fixDeployedBody = z.object({ deployRef: z.string().trim().min(1, 'must not be empty').max(500) }).strict();
export const verificationBody = z.object({ passed: z.boolean(), details: z.string().trim().max(5000).optional() }).strict();
export const signalBody = z.object({ healthy: z.boolean(), source: z.string().trim().min(1).max(200).default('monitoring'), alertId: z.string().trim().max(200).optional() }).strict();
export const executiveUpdateBody = z.object({ summary: z.string().trim().min(1, 'must not be empty').max(5000) }).strict();
export const ticketVolumeBody = z.object({ count: z.number().int().nonnegative(), windowMinutes: z.number().int().positive().max(24 * 60) }).strict();
export const mediaAttentionBody = z.object({ details: z.string().trim().min(1, 'say where the attention is').max(2000) }).strict();
export const compensationBody = z
  .object({
    amount: z.number().positive(),
    currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD'),
    customers: z.array(z.string().trim().min(1)).min(1, 'name at least one customer').max(10_000),
    reason,
  })
  .strict();
export const noteBody = z.object({ text: z.string().trim().min(1, 'must not be empty').max(10_000) }).strict();

export type AssessmentBody = z.infer<typeof assessmentBody>;
