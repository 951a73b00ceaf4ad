import { z } from 'zod';
import { actionItemPrioritySchema, actionItemStatusSchema } from '@sitrep/contracts';

/** Request bodies of the post-mortem routes. */

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'must be a real calendar date');

export const sectionBody = z.object({ text: z.string().trim().min(1, 'must not be empty').max(20_000, 'must be at most 20000 characters') }).strict();
export type SectionBody = z.infer<typeof sectionBody>;

export const actionItemBody = z
  .object({
    title: z.string().trim().min(1, 'must not be empty').max(300, 'must be at most 300 characters'),
    description: z.string().trim().max(5000).optional(),
    ownerPersonId: z.string().uuid('must be a person id (a UUID)'),
    dueDate: isoDate,
    priority: actionItemPrioritySchema,
  })
  .strict();
export type ActionItemBody = z.infer<typeof actionItemBody>;

export const actionItemPatch = z
  .object({
    title: z.string().trim().min(1, 'must not be empty').max(300).optional(),
    description: z.string().trim().max(5000).nullable().optional(),
    ownerPersonId: z.string().uuid('must be a person id (a UUID)').optional(),
    dueDate: isoDate.optional(),
    priority: actionItemPrioritySchema.optional(),
    status: actionItemStatusSchema.optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'give at least one field to change');
export type ActionItemPatch = z.infer<typeof actionItemPatch>;

export const reviewBody = z.object({ notes: z.string().trim().max(10_000).optional() }).strict();
export type ReviewBody = z.infer<typeof reviewBody>;
