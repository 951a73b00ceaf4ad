import { z } from 'zod';
import { saneDaySchema } from '@sitrep/contracts';

/** Pieces the commands' input schemas share; each refusal names the field and the reason. */
export const reason = z.string().trim().min(1, 'must not be empty').max(2000);
export const uuid = (what: string) => z.string().uuid(`must be ${what} (a UUID)`);
export const personInput = z.object({ personId: uuid('a person id') }).strict();
export const noInput = z.object({}).strict();

/** A real calendar day in a sane year (see SANE_YEARS). */
export const isoDate = saneDaySchema;
