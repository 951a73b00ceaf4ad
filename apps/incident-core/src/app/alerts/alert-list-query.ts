import { z } from 'zod';

/** GET /api/v1/alerts: by state, by incident, or those waiting for a person (no incident). */
export const alertListQuery = z
  .object({
    status: z.enum(['firing', 'resolved']).optional(),
    incidentId: z.string().uuid('must be an incident id (a UUID)').optional(),
    unlinked: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(200),
  })
  .strict();
