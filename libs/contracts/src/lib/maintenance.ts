import { z } from 'zod';

/** A planned maintenance window, as incident-core records it; comms turns it into customer notices. */
export const maintenanceSchema = z.object({
  id: z.string().uuid(),
  title: z.string().min(1).max(300),
  message: z.string().min(1).max(5000),
  componentIds: z.array(z.string().uuid()).min(1),
  scheduledFor: z.string().datetime({ offset: true }),
  scheduledUntil: z.string().datetime({ offset: true }),
  state: z.enum(['scheduled', 'in_progress', 'completed', 'cancelled']),
});
export type MaintenanceView = z.infer<typeof maintenanceSchema>;

export const maintenanceEvents = {
  'maintenance.scheduled': { version: 1, data: z.object({ maintenance: maintenanceSchema }) },
  'maintenance.started': { version: 1, data: z.object({ maintenance: maintenanceSchema }) },
  'maintenance.completed': { version: 1, data: z.object({ maintenance: maintenanceSchema }) },
  'maintenance.cancelled': { version: 1, data: z.object({ maintenance: maintenanceSchema }) },
} as const;
