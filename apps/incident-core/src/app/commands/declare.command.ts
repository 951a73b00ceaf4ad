import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { IncidentView, severitySchema } from '@sitrep/contracts';
import { actorOf } from '../access/actor';
import { deadlinesOnDeclare } from '../deadlines/deadline-rules';
import { createDeadlines } from '../deadlines/deadline-store';
import { IncidentChange } from '../incidents/incident-change';
import { IncidentEntity, toIncidentView } from '../incidents/incident.entity';
import { PersonRef, onCallWithRole, personById } from '../incidents/people-lookup';
import { defineCommand } from './kernel/command';
import { badField } from './kernel/refusals';
import { uuid } from './shared/inputs';

export const declareInput = z
  .object({
    title: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
    severity: severitySchema,
    summary: z.string().trim().max(5000, 'must be at most 5000 characters').optional(),
    componentIds: z.array(uuid('a component id')).max(100).optional(),
    /** The seed's triggers: declared by hand, detected multi-customer impact, or an executive escalation. */
    trigger: z.enum(['manual', 'multi_customer_impact', 'executive_escalation']).default('manual'),
    affectedCustomers: z
      .object({ count: z.number().int().nonnegative().optional(), ids: z.array(z.string().min(1)).max(10_000).optional() })
      .strict()
      .refine((v) => v.count !== undefined || (v.ids?.length ?? 0) > 0, 'give the count or the ids of the affected customers')
      .optional(),
    escalatedBy: z.string().trim().min(1).max(200).optional(),
    commanderId: uuid('a person id').optional(),
  })
  .strict()
  .superRefine((body, ctx) => {
    if (body.trigger === 'multi_customer_impact' && !body.affectedCustomers) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['affectedCustomers'], message: 'required when the trigger is multi_customer_impact' });
    }
    if (body.trigger === 'executive_escalation' && !body.escalatedBy) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['escalatedBy'], message: 'required when the trigger is executive_escalation (who escalated it)' });
    }
  });
export type DeclareInput = z.infer<typeof declareInput>;

/** INC-0042: short enough to say on a bridge call, unique, in declaration order. */
export function incidentReference(sequence: number): string {
  return `INC-${String(sequence).padStart(4, '0')}`;
}

/**
 * Declaring starts the incident timer and its clocks, and puts a commander in charge: the one named,
 * else the on-call incident commander, else the declarer as acting commander. A P1 gets the on-call
 * executive as sponsor.
 */
export const declare = defineCommand({
  name: 'declare',
  scope: 'new',
  input: declareInput,
  tokenRoles: ['responder', 'automation'],
  async run({ input, manager, record, at, principal, deps }): Promise<IncidentView> {
    const componentIds = [...new Set(input.componentIds ?? [])];
    const unknown = await deps.components.unknownIds(componentIds, manager);
    if (unknown.length > 0) throw badField('componentIds', `unknown component id(s): ${unknown.join(', ')}`);
    let commander: PersonRef | null = null;
    let acting = false;
    if (input.commanderId) {
      commander = await personById(manager, input.commanderId);
      if (!commander) throw badField('commanderId', `no person with id ${input.commanderId}`);
    } else {
      commander = await onCallWithRole(manager, 'incident_commander');
      if (!commander && principal.personId) {
        commander = await personById(manager, principal.personId);
        acting = true;
      }
    }
    const [{ seq }] = await manager.query(`SELECT nextval('core.incident_reference_seq')::int AS seq`);
    const actor = actorOf(principal);
    const incident = manager.create(IncidentEntity, {
      id: randomUUID(),
      reference: incidentReference(seq),
      title: input.title,
      severity: input.severity,
      status: 'declared',
      summary: input.summary ?? null,
      componentIds,
      declaredAt: at,
      declaredBy: actor,
      trigger: input.trigger,
      triggerDetail: input.affectedCustomers ? { affectedCustomers: input.affectedCustomers } : input.escalatedBy ? { escalatedBy: input.escalatedBy } : null,
      duplicateOf: null,
      assessment: null,
      fixDeployedAt: null,
      deployRef: null,
      verificationPassed: false,
      stableSince: null,
      lastSignalHealthy: null,
      resolvedAt: null,
      recoveryWatchEndsAt: null,
      closedAt: null,
      mediaAttentionAt: null,
    });
    await manager.getRepository(IncidentEntity).insert(incident);
    const change = new IncidentChange(manager, record, incident.id, actor, at);
    const triggerText = { manual: 'declared manually', multi_customer_impact: 'multi-customer impact detected', executive_escalation: `escalated by ${input.escalatedBy}` }[input.trigger];
    const clocks = deadlinesOnDeclare(incident.severity, at, deps.policy.severities[incident.severity]);
    // The clocks travel with the declaration: the war room's pinned card shows their real due times.
    await change.emit('incident.declared', { incident: toIncidentView(incident, commander?.id ?? null), clocks: clocks.map((c) => ({ kind: c.kind, dueAt: c.dueAt.toISOString() })) }, { kind: 'declared', text: `${input.severity} declared (${triggerText}): ${input.title}` });
    if (commander) {
      await manager.query(`INSERT INTO core.incident_roles (incident_id, role, person_id, assigned_at, acting) VALUES ($1, 'commander', $2, $3, $4)`, [incident.id, commander.id, at, acting]);
      await change.emit(
        'incident.role_assigned',
        { role: 'commander', personId: commander.id, previousPersonId: null },
        { kind: 'role_assigned', text: `${commander.name} is ${acting ? 'acting ' : ''}incident commander` },
      );
    } else {
      await change.line({ kind: 'role_missing', text: 'no incident commander: none named, none on call; assign one' });
    }
    if (incident.severity === 'P1') {
      const sponsor = await onCallWithRole(manager, 'executive');
      if (sponsor) {
        await manager.query(`INSERT INTO core.incident_roles (incident_id, role, person_id, assigned_at) VALUES ($1, 'executive_sponsor', $2, $3)`, [incident.id, sponsor.id, at]);
        await change.emit('incident.role_assigned', { role: 'executive_sponsor', personId: sponsor.id, previousPersonId: null }, { kind: 'role_assigned', text: `${sponsor.name} is executive sponsor` });
      } else {
        await change.line({ kind: 'role_missing', text: 'a P1 needs an executive sponsor: none on call; assign one' });
      }
    }
    await createDeadlines(manager, incident.id, clocks);
    return toIncidentView(incident, commander?.id ?? null);
  },
});
