import { z } from 'zod';
import { channelSchema, componentStatusSchema, impactSchema, publicIncidentStatusSchema } from '@sitrep/contracts';

/** Request bodies of drafts and approvals; each refusal names the field and the reason. */

// A title becomes an email Subject and an SMS line: one line, no control characters.
const title = z
  .string({ required_error: 'is required' })
  .trim()
  .min(1, 'must not be empty')
  .max(300, 'must be at most 300 characters')
  .refine((t) => !/[\u0000-\u001f\u007f]/.test(t), 'must be one line without control characters');
const body = z.string({ required_error: 'is required' }).trim().min(1, 'must not be empty').max(5000, 'must be at most 5000 characters');
const components = z
  .array(z.object({ id: z.string().uuid('must be a component id (a UUID)'), status: componentStatusSchema }).strict(), { required_error: 'is required (an empty list when no component is affected)' })
  .max(100, 'at most 100 components')
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((c, i) => {
      if (seen.has(c.id)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [i, 'id'], message: `component ${c.id} is listed twice` });
      seen.add(c.id);
    });
  });
const channels = z
  .array(channelSchema, { required_error: 'is required' })
  .min(1, 'choose at least one channel')
  .refine((list) => new Set(list).size === list.length, 'must not list a channel twice');

/** The kinds a person may draft for an incident (maintenance notices come from maintenance windows). */
export const incidentKindSchema = z.enum(['initial', 'update', 'resolved', 'all_clear', 'postmortem']);

export const draftBody = z
  .object({
    incidentId: z.string({ required_error: 'is required' }).uuid('must be an incident id (a UUID)'),
    kind: incidentKindSchema.optional(),
    title,
    status: publicIncidentStatusSchema,
    impact: impactSchema.optional(),
    body,
    components,
    channels,
  })
  .strict();
export type DraftBody = z.infer<typeof draftBody>;

/** Edits made while approving: each field optional, validated as in a draft. */
export const approveBody = z.object({ title, body, status: publicIncidentStatusSchema, impact: impactSchema, components, channels }).partial().strict();
export type ApproveBody = z.infer<typeof approveBody>;

export const rejectBody = z.object({ reason: z.string({ required_error: 'is required: say why' }).trim().min(1, 'must not be empty: say why').max(2000, 'must be at most 2000 characters') }).strict();
export type RejectBody = z.infer<typeof rejectBody>;

export const approvalStateSchema = z.enum(['pending', 'approved', 'rejected']);
export const listApprovalsQuery = z.object({ state: approvalStateSchema.default('pending') });
export type ListApprovalsQuery = z.infer<typeof listApprovalsQuery>;
