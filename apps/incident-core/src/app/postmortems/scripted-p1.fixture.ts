import type { Actor, DeadlineKind, DeadlineState, IncidentRole } from '@sitrep/contracts';
import type { DeadlineFact, IncidentFacts, TimelineFact } from './facts';

/**
 * The scripted P1 (scripted-p1.int-spec.ts) as plain facts, as incident-core records them: the
 * fixture of the post-mortem unit tests. Plus a status change to "identified" at 11:45.
 */

export const at = (hhmm: string, day = 26) => new Date(`2026-11-${day}T${hhmm}:00.000Z`);

export const PEOPLE = {
  alice: { id: '00000000-0000-4000-8000-00000000000a', name: 'Alice Commander', email: 'alice@example.test' },
  bob: { id: '00000000-0000-4000-8000-00000000000b', name: 'Bob Engineer', email: 'bob@example.test' },
  carol: { id: '00000000-0000-4000-8000-00000000000c', name: 'Carol Comms', email: 'carol@example.test' },
  dave: { id: '00000000-0000-4000-8000-00000000000d', name: 'Dave Executive', email: 'dave@example.test' },
  erin: { id: '00000000-0000-4000-8000-00000000000e', name: 'Erin Support', email: 'erin@example.test' },
  vp: { id: '00000000-0000-4000-8000-0000000000f1', name: 'Victor VP Engineering', email: 'vp@example.test' },
  svp: { id: '00000000-0000-4000-8000-0000000000f2', name: 'Sam Support VP', email: 'svp@example.test' },
  cso: { id: '00000000-0000-4000-8000-0000000000f3', name: 'Cass CSO', email: 'cso@example.test' },
  pr: { id: '00000000-0000-4000-8000-0000000000f4', name: 'Pat PR', email: 'pr@example.test' },
  cto: { id: '00000000-0000-4000-8000-0000000000f5', name: 'Cora CTO', email: 'cto@example.test' },
} as const;

const person = (key: keyof typeof PEOPLE): Actor => ({ kind: 'person', id: PEOPLE[key].id, name: PEOPLE[key].name });
const SYSTEM: Actor = { kind: 'system', id: 'sitrep' };

function line(time: string, kind: string, text: string, actor: Actor, detail: Record<string, unknown> | null = null, source = 'api'): TimelineFact {
  return { at: at(time), kind, text, actor, source, internal: true, detail };
}

function clock(kind: DeadlineKind, owner: IncidentRole, starts: string, due: string, state: DeadlineState, met: string | null = null, options: { breachLeadMin?: number; cancelled?: string; dueDay?: number; startDay?: number } = {}): DeadlineFact {
  const dueAt = at(due, options.dueDay);
  return {
    id: `${kind}-${starts}-${due}`,
    kind,
    ownerRole: owner,
    startsAt: at(starts, options.startDay),
    dueAt,
    breachAt: options.breachLeadMin ? new Date(dueAt.getTime() + options.breachLeadMin * 60_000) : null,
    state,
    metAt: met ? at(met) : null,
    breachedAt: state === 'breached' && options.breachLeadMin ? new Date(dueAt.getTime() + options.breachLeadMin * 60_000) : null,
    cancelledAt: options.cancelled ? at(options.cancelled) : null,
  };
}

export function scriptedP1Facts(): IncidentFacts {
  return {
    incident: {
      id: '11111111-1111-4111-8111-111111111111',
      reference: 'INC-0001',
      title: 'Payment processing outage',
      severity: 'P1',
      status: 'recovery_watch',
      declaredAt: at('10:00'),
      declaredBy: person('erin'),
      trigger: 'multi_customer_impact',
      triggerDetail: { affectedCustomers: { count: 140 } },
      assessment: { impactScope: 'card payments fail for EU customers', componentIds: [], customersAffected: 140, customersAffectedPercent: 7, enterpriseCustomersAffected: ['Acme Corp'], severityConfirmed: 'P1' },
      resolvedAt: at('12:37'),
      closedAt: null,
      deployRef: 'payments@4f2a9c1',
      duplicateOf: null,
    },
    roles: { commander: PEOPLE.alice.id, executive_sponsor: PEOPLE.dave.id, engineering_lead: PEOPLE.bob.id, comms_lead: PEOPLE.carol.id, support_lead: PEOPLE.erin.id },
    implementers: [PEOPLE.bob.id],
    people: Object.fromEntries(Object.values(PEOPLE).map((p) => [p.id, { ...p }])),
    escalationContacts: { engineering_vp: PEOPLE.vp.id, support_vp: PEOPLE.svp.id, cso: PEOPLE.cso.id, pr: PEOPLE.pr.id, cto: PEOPLE.cto.id },
    timeline: [
      line('10:00', 'declared', 'P1 declared (multi-customer impact detected): Payment processing outage', person('erin')),
      line('10:00', 'role_assigned', 'Alice Commander is incident commander', person('erin')),
      line('10:00', 'role_assigned', 'Dave Executive is executive sponsor', person('erin')),
      line('10:00', 'role_assigned', 'Bob Engineer is engineering lead', person('alice')),
      line('10:00', 'role_assigned', 'Carol Comms is communications lead', person('alice')),
      line('10:00', 'role_assigned', 'Erin Support is support lead', person('alice')),
      line('10:00', 'implementer_added', 'Bob Engineer is implementing the fix', person('alice')),
      line('10:11', 'deadline_due_soon', 'initial assessment due in 240s (owner: commander)', SYSTEM, null, 'clock'),
      line('10:12', 'assessment', 'initial assessment: 140 customers affected (7% of customers); card payments fail for EU customers', person('alice')),
      line('10:12', 'deadline_met', 'initial assessment met', person('alice')),
      line('10:30', 'deadline_due', 'first customer notice due now (owner: comms_lead)', SYSTEM, null, 'clock'),
      line('10:31', 'communication_published', 'customer communication published (initial)', { kind: 'system', id: 'comms' }, { kind: 'initial' }, 'comms'),
      line('10:31', 'deadline_met', 'first customer notice met, 60s after it was due', { kind: 'system', id: 'comms' }, null, 'comms'),
      line('10:58', 'executive_update', 'executive update sent: EU card payments failing; fix in progress', person('alice')),
      line('11:06', 'deadline_breached', 'customer update missed: due 300s ago (owner: comms_lead)', SYSTEM, null, 'clock'),
      line('11:07', 'communication_published', 'customer communication published (update)', { kind: 'system', id: 'comms' }, { kind: 'update' }, 'comms'),
      line('11:10', 'ticket_volume', '40 tickets in 60 min: 2.0× normal', person('erin'), { count: 40, windowMinutes: 60, multiple: 2 }),
      line('11:10', 'ticket_volume', '30 tickets in 15 min: 6.0× normal', person('erin'), { count: 30, windowMinutes: 15, multiple: 6 }),
      line('11:10', 'escalated', 'escalated to Sam Support VP (support_vp): ticket volume 6.0× normal (threshold 5×)', person('erin')),
      line('11:10', 'ticket_volume', '30 tickets in 15 min: 6.0× normal', person('erin'), { count: 30, windowMinutes: 15, multiple: 6 }),
      line('11:10', 'escalated', 'escalated to Cass CSO (cso): ticket volume 6.0× normal (threshold 5×)', person('erin')),
      line('11:10', 'ticket_volume', '30 tickets in 15 min: 6.0× normal', person('erin'), { count: 30, windowMinutes: 15, multiple: 6 }),
      line('11:11', 'escalated', 'escalated to Pat PR (pr): media attention: trending on social media', person('carol')),
      line('11:45', 'status_changed', 'declared → identified: expired TLS certificate on the card gateway', person('bob'), { from: 'declared', to: 'identified' }),
      line('12:00', 'escalated', 'escalated to Victor VP Engineering (engineering_vp): unresolved after 2h', SYSTEM, null, 'clock'),
      line('12:10', 'fix_deployed', 'fix deployed: payments@4f2a9c1', person('bob')),
      line('12:10', 'status_changed', 'identified → monitoring: fix deployed, being verified', person('bob'), { from: 'identified', to: 'monitoring' }),
      line('12:10', 'verification', 'verification passed for payments@4f2a9c1: synthetic checkout passes', person('bob'), { passed: true, details: 'synthetic checkout passes' }),
      line('12:11', 'signal', 'monitoring reports healthy', person('bob')),
      line('12:11', 'stability', 'stability window started: resolvable after 900s of healthy signals', person('bob')),
      line('12:21', 'signal', 'monitoring reports unhealthy', person('bob')),
      line('12:21', 'stability', 'stability window restarted: unhealthy signal', person('bob')),
      line('12:22', 'signal', 'monitoring reports healthy', person('bob')),
      line('12:37', 'stability', 'stable for the whole stability window: the commander may resolve', SYSTEM, null, 'clock'),
      line('12:37', 'status_changed', 'monitoring → resolved', person('alice'), { from: 'monitoring', to: 'resolved' }),
      line('12:37', 'resolved', 'incident declared resolved by the commander', person('alice')),
      line('12:37', 'status_changed', 'recovery watch until 2026-11-26T14:37:00.000Z', person('alice'), { from: 'resolved', to: 'recovery_watch' }),
      line('12:38', 'note', 'Acme Corp called the CEO directly', person('alice')),
      line('14:37', 'all_clear_due', 'recovery watch over without recurrence: the all-clear is due', SYSTEM, null, 'clock'),
      line('14:40', 'communication_published', 'customer communication published (all_clear)', { kind: 'system', id: 'comms' }, { kind: 'all_clear' }, 'comms'),
    ],
    deadlines: [
      clock('assessment', 'commander', '10:00', '10:15', 'met', '10:12', { breachLeadMin: 5 }),
      clock('first_customer_notice', 'comms_lead', '10:00', '10:30', 'met', '10:31', { breachLeadMin: 5 }),
      clock('executive_update', 'commander', '10:00', '11:00', 'met', '10:58', { breachLeadMin: 5 }),
      clock('customer_update', 'comms_lead', '10:31', '11:01', 'breached', '11:07', { breachLeadMin: 5 }),
      clock('customer_update', 'comms_lead', '11:07', '11:37', 'breached', '14:40', { breachLeadMin: 5 }),
      clock('executive_update', 'commander', '10:58', '11:58', 'breached', null, { breachLeadMin: 5 }),
      clock('escalation_engineering_vp', 'commander', '10:00', '12:00', 'met', '12:00'),
      clock('stability_window', 'engineering_lead', '12:11', '12:26', 'cancelled', null, { cancelled: '12:21' }),
      clock('stability_window', 'engineering_lead', '12:22', '12:37', 'met', '12:37'),
      clock('escalation_cto', 'commander', '10:00', '13:00', 'cancelled', null, { cancelled: '12:37' }),
      clock('recovery_watch', 'commander', '12:37', '14:37', 'met', '14:37'),
      clock('postmortem', 'commander', '12:37', '12:37', 'pending', null, { breachLeadMin: 5, dueDay: 28 }),
    ],
    escalations: [
      { path: 'support', level: 1, contactRole: 'support_vp', personId: PEOPLE.svp.id, reason: 'ticket volume 6.0× normal (threshold 5×)', firedAt: at('11:10') },
      { path: 'support', level: 2, contactRole: 'cso', personId: PEOPLE.cso.id, reason: 'ticket volume 6.0× normal (threshold 5×)', firedAt: at('11:10') },
      { path: 'communications', level: 1, contactRole: 'pr', personId: PEOPLE.pr.id, reason: 'media attention: trending on social media', firedAt: at('11:11') },
      { path: 'engineering', level: 1, contactRole: 'engineering_vp', personId: PEOPLE.vp.id, reason: 'unresolved after 2h', firedAt: at('12:00') },
    ],
    compensations: [{ amount: 5000, currency: 'USD', customers: ['Acme Corp', 'Globex'], reason: 'SLA credit for the outage', authorisedAt: at('13:00') }],
  };
}

export const SETTINGS = { customerBaseTotal: 2000, normalTicketsPerHour: 20, revenuePerMinute: 100 };
