import { z } from 'zod';
import { ROLES } from '@sitrep/auth';

export const issueTokenBody = z
  .object({
    role: z.enum(ROLES),
    label: z.string({ required_error: 'is required: say whose token it is' }).trim().min(1, 'must not be empty').max(120, 'must be at most 120 characters'),
    personId: z.string().uuid('must be a person id (a UUID) from incident-core').optional(),
  })
  .strict();
export type IssueTokenBody = z.infer<typeof issueTokenBody>;
