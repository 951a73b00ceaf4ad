import { z } from 'zod';

export const createComponentBody = z
  .object({
    name: z.string().trim().min(1, 'must not be empty').max(120, 'must be at most 120 characters'),
    description: z.string().trim().max(1000, 'must be at most 1000 characters').optional(),
    group: z.string().trim().min(1, 'must not be empty').max(120, 'must be at most 120 characters').optional(),
  })
  .strict();
export type CreateComponentBody = z.infer<typeof createComponentBody>;
