import { z } from 'zod';
import { severitySchema } from '@sitrep/contracts';

export const declareIncidentBody = z
  .object({
    title: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
    severity: severitySchema,
    summary: z.string().trim().max(5000, 'must be at most 5000 characters').optional(),
    componentIds: z.array(z.string().uuid('must be a component id (a UUID)')).max(100).optional(),
  })
  .strict();
export type DeclareIncidentBody = z.infer<typeof declareIncidentBody>;

/** INC-0042: short enough to say on a bridge call, unique, in declaration order. */
export function incidentReference(sequence: number): string {
  return `INC-${String(sequence).padStart(4, '0')}`;
}
