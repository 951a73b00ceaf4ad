import { z } from 'zod';
import { planDeadline } from '../deadlines/deadline-rules';
import { cancelDeadlines, createDeadlines } from '../deadlines/deadline-store';
import { defineCommand } from './kernel/command';
import { conflict } from './kernel/refusals';
import { refuseUnlessHolder } from './kernel/role-holders';
import { setStatus } from './shared/set-status';

/** Over HTTP the reason is the body's `text` (a note); over NATS it is `reason`. */
export const reopenInput = z.object({ reason: z.string().trim().min(1, 'must not be empty').max(10_000) }).strict();

/** A recurrence during the recovery watch reopens the incident; the clocks of a live incident restart. */
export const reopen = defineCommand({
  name: 'reopen',
  scope: 'incident',
  input: reopenInput,
  tokenRoles: ['responder'],
  authorise: ({ principal, holders }) => refuseUnlessHolder(principal, holders, ['commander', 'engineering_lead'], 'reopen the incident'),
  async run({ input, change, incident, incidentId, deps }) {
    if (incident.status !== 'recovery_watch') throw conflict(`only an incident in its recovery watch can be reopened (this one is ${incident.status})`);
    await change.manager.query(
      `UPDATE core.incidents SET resolved_at = NULL, recovery_watch_ends_at = NULL, fix_deployed_at = NULL, deploy_ref = NULL, verification_passed = false, stable_since = NULL WHERE id = $1`,
      [incidentId],
    );
    await cancelDeadlines(change.manager, incidentId, ['recovery_watch', 'postmortem'], change.at);
    await setStatus(change, incident, 'investigating', `recurrence: ${input.reason}`, `reopened after a recurrence: ${input.reason}`);
    const policy = deps.policy.severities[incident.severity];
    const plans = [planDeadline('escalation_engineering_vp', change.at, policy.escalateUnresolvedAfter), planDeadline('escalation_cto', change.at, policy.escalateUnresolvedAfter + policy.escalationStep)];
    if (incident.severity === 'P1' || incident.severity === 'P2') plans.push(planDeadline('executive_update', change.at, policy.executiveUpdateEvery));
    await createDeadlines(change.manager, incidentId, plans);
    return { status: incident.status };
  },
});
