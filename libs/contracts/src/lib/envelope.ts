import { randomUUID } from 'node:crypto';
import { z } from 'zod';

/** Who caused an event: a person, an API token (automation) or Sitrep itself (a clock firing). */
export const actorSchema = z.object({
  kind: z.enum(['person', 'token', 'system']),
  id: z.string().min(1),
  name: z.string().optional(),
});
export type Actor = z.infer<typeof actorSchema>;

export const SYSTEM_ACTOR: Actor = { kind: 'system', id: 'sitrep' };

/** The wrapper every event travels in, whatever its type. */
export const envelopeSchema = z.object({
  id: z.string().uuid(),
  type: z.string().min(1),
  schemaVersion: z.number().int().positive(),
  occurredAt: z.string().datetime({ offset: true }),
  actor: actorSchema,
  incidentId: z.string().uuid().nullable(),
  data: z.unknown(),
});
export type Envelope = z.infer<typeof envelopeSchema>;

export function newEventId(): string {
  return randomUUID();
}
