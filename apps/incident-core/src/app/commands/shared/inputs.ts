import { z } from 'zod';

/** Pieces the commands' input schemas share; each refusal names the field and the reason. */
export const reason = z.string().trim().min(1, 'must not be empty').max(2000);
export const uuid = (what: string) => z.string().uuid(`must be ${what} (a UUID)`);
export const personInput = z.object({ personId: uuid('a person id') }).strict();
export const noInput = z.object({}).strict();

export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'must be a real calendar date');
