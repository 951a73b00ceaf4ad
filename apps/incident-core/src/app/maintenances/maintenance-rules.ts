import { z } from 'zod';
import { type MaintenanceView, saneInstantSchema } from '@sitrep/contracts';

export const scheduleMaintenanceBody = z
  .object({
    title: z.string().trim().min(1, 'must not be empty').max(300),
    message: z.string().trim().min(1, 'must not be empty').max(5000),
    componentIds: z.array(z.string().uuid('must be a component id (a UUID)')).min(1, 'name at least one component').max(100),
    scheduledFor: saneInstantSchema,
    scheduledUntil: saneInstantSchema,
  })
  .strict()
  .refine((b) => new Date(b.scheduledUntil) > new Date(b.scheduledFor), { path: ['scheduledUntil'], message: 'must be after scheduledFor' });
export type ScheduleMaintenanceBody = z.infer<typeof scheduleMaintenanceBody>;

export type MaintenanceState = MaintenanceView['state'];

/** The step a window takes at `now`, if any: it starts at its start and completes at its end. */
export function nextMaintenanceStep(state: MaintenanceState, scheduledFor: Date, scheduledUntil: Date, now: Date): 'start' | 'complete' | null {
  if (state === 'scheduled' && now >= scheduledUntil) return 'complete';
  if (state === 'scheduled' && now >= scheduledFor) return 'start';
  if (state === 'in_progress' && now >= scheduledUntil) return 'complete';
  return null;
}
