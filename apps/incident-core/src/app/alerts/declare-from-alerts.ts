import { z } from 'zod';
import { severitySchema } from '@sitrep/contracts';

/** A person declares from alerts the rules left waiting: the alerts' components become the incident's. */
export const declareFromAlertsBody = z
  .object({
    alertIds: z.array(z.string().uuid('must be alert ids (UUIDs)')).min(1, 'name at least one alert').max(1000),
    severity: severitySchema,
    title: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters').optional(),
    summary: z.string().trim().max(5000).optional(),
  })
  .strict();
export type DeclareFromAlertsBody = z.infer<typeof declareFromAlertsBody>;

export const alertListQuery = z
  .object({
    status: z.enum(['firing', 'resolved']).optional(),
    incidentId: z.string().uuid('must be an incident id (a UUID)').optional(),
    unlinked: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(200),
  })
  .strict();
