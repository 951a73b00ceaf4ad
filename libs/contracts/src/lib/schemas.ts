import { z } from 'zod';

/** Shapes shared by several events. Field names here are the wire format. */

export const severitySchema = z.enum(['P1', 'P2', 'P3', 'P4']);
export type Severity = z.infer<typeof severitySchema>;

export const incidentStatusSchema = z.enum([
  'declared',
  'investigating',
  'identified',
  'monitoring',
  'resolved',
  'recovery_watch',
  'closed',
]);
export type IncidentStatus = z.infer<typeof incidentStatusSchema>;

/** Statuspage's component statuses, which are also ours. */
export const componentStatusSchema = z.enum([
  'operational',
  'degraded_performance',
  'partial_outage',
  'major_outage',
  'under_maintenance',
]);
export type ComponentStatus = z.infer<typeof componentStatusSchema>;

export const componentSchema = z.object({
  id: z.string().uuid(),
  name: z.string().min(1),
  description: z.string().nullable(),
  group: z.string().nullable(),
  status: componentStatusSchema,
  position: z.number().int().nonnegative(),
  createdAt: z.string().datetime({ offset: true }),
  updatedAt: z.string().datetime({ offset: true }),
});
export type ComponentView = z.infer<typeof componentSchema>;

export const incidentSchema = z.object({
  id: z.string().uuid(),
  reference: z.string().min(1),
  title: z.string().min(1),
  severity: severitySchema,
  status: incidentStatusSchema,
  summary: z.string().nullable(),
  componentIds: z.array(z.string().uuid()),
  declaredAt: z.string().datetime({ offset: true }),
  /** The seed's three triggers. */
  trigger: z.enum(['manual', 'multi_customer_impact', 'executive_escalation']),
  commanderId: z.string().uuid().nullable(),
});
export type IncidentView = z.infer<typeof incidentSchema>;

/**
 * Someone Sitrep can page, assign or escalate to. Roles are plain strings on the wire (incident-core
 * validates them against its list) so that adding a role needs no new schema version.
 */
export const personSchema = z.object({
  id: z.string().uuid(),
  name: z.string().min(1),
  email: z.string().email(),
  phone: z.string().nullable(),
  slackUserId: z.string().nullable(),
  onCall: z.boolean(),
  roles: z.array(z.string().min(1)),
});
export type PersonDetails = z.infer<typeof personSchema>;
