import { z } from 'zod';
import { incidentStatusSchema, severitySchema } from './schemas';

/** Shapes and events of incident command: lifecycle, roles, assessment, verification, clocks, escalations. */

const at = z.string().datetime({ offset: true });
const uuid = z.string().uuid();

export const incidentRoleSchema = z.enum(['commander', 'engineering_lead', 'support_lead', 'comms_lead', 'executive_sponsor']);
export type IncidentRole = z.infer<typeof incidentRoleSchema>;

export const deadlineKindSchema = z.enum([
  'assessment',
  'first_customer_notice',
  'customer_update',
  'executive_update',
  'stability_window',
  'recovery_watch',
  'postmortem',
  'escalation_engineering_vp',
  'escalation_cto',
]);
export type DeadlineKind = z.infer<typeof deadlineKindSchema>;

export const deadlineStateSchema = z.enum(['pending', 'met', 'breached', 'cancelled']);
export type DeadlineState = z.infer<typeof deadlineStateSchema>;

export const deadlineSchema = z.object({
  id: uuid,
  incidentId: uuid,
  kind: deadlineKindSchema,
  ownerRole: incidentRoleSchema,
  ownerPersonId: uuid.nullable(),
  dueAt: at,
  state: deadlineStateSchema,
  metAt: at.nullable(),
});
export type DeadlineView = z.infer<typeof deadlineSchema>;

export const escalationPathSchema = z.enum(['engineering', 'support', 'communications']);
export type EscalationPath = z.infer<typeof escalationPathSchema>;
export const escalationContactRoleSchema = z.enum(['engineering_vp', 'cto', 'support_vp', 'cso', 'pr', 'ceo']);
export type EscalationContactRole = z.infer<typeof escalationContactRoleSchema>;

export const assessmentSchema = z.object({
  impactScope: z.string().min(1),
  componentIds: z.array(uuid),
  customersAffected: z.number().int().nonnegative(),
  customersAffectedPercent: z.number().min(0).max(100).nullable(),
  enterpriseCustomersAffected: z.array(z.string().min(1)),
  severityConfirmed: severitySchema,
});
export type Assessment = z.infer<typeof assessmentSchema>;

export const incidentCommandEvents = {
  'incident.status_changed': { version: 1, data: z.object({ from: incidentStatusSchema, to: incidentStatusSchema, reason: z.string().nullable() }) },
  'incident.severity_changed': { version: 1, data: z.object({ from: severitySchema, to: severitySchema, reason: z.string().min(1) }) },
  'incident.role_assigned': { version: 1, data: z.object({ role: incidentRoleSchema, personId: uuid, previousPersonId: uuid.nullable() }) },
  'incident.implementer_added': { version: 1, data: z.object({ personId: uuid }) },
  /** Components joined the incident's affected components: `added` are new, `componentIds` is the whole list now. */
  'incident.components_added': { version: 1, data: z.object({ added: z.array(uuid).min(1), componentIds: z.array(uuid), reason: z.string().nullable() }) },
  'incident.assessment_recorded': { version: 1, data: z.object({ assessment: assessmentSchema }) },
  'incident.fix_deployed': { version: 1, data: z.object({ deployRef: z.string().min(1) }) },
  'incident.signal_recorded': { version: 1, data: z.object({ healthy: z.boolean(), source: z.string().min(1), possibleRecurrence: z.boolean() }) },
  'incident.resolved': { version: 1, data: z.object({ resolvedAt: at, recoveryWatchEndsAt: at }) },
  'incident.all_clear_due': { version: 1, data: z.object({ resolvedAt: at }) },
  'incident.closed': { version: 1, data: z.object({ closedAt: at, duplicateOf: uuid.nullable() }) },
  'incident.escalated': {
    version: 1,
    data: z.object({ path: escalationPathSchema, level: z.number().int().positive(), contactRole: escalationContactRoleSchema, personId: uuid.nullable(), reason: z.string().min(1) }),
  },
  'incident.executive_update_sent': { version: 1, data: z.object({ summary: z.string().min(1) }) },
  'deadline.due_soon': { version: 1, data: z.object({ deadline: deadlineSchema }) },
  'deadline.due': { version: 1, data: z.object({ deadline: deadlineSchema }) },
  'deadline.breached': { version: 1, data: z.object({ deadline: deadlineSchema }) },
  'deadline.met': { version: 1, data: z.object({ deadline: deadlineSchema }) },
} as const;
