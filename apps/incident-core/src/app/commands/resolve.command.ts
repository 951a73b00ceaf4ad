import { emitDeadlineStage } from '../deadlines/deadline-events';
import { CANCELLED_ON_RESOLVE, planDeadline } from '../deadlines/deadline-rules';
import { cancelDeadlines, createDeadlines, meetDeadline } from '../deadlines/deadline-store';
import { refuseResolve } from '../lifecycle/lifecycle';
import { defineCommand } from './kernel/command';
import { conflict } from './kernel/refusals';
import { refuseUnlessHolder } from './kernel/role-holders';
import { noInput } from './shared/inputs';
import { setStatus } from './shared/set-status';

/** The commander declares the incident resolved once the fix is verified and stable; the recovery watch and the post-mortem start. */
export const resolve = defineCommand({
  name: 'resolve',
  scope: 'incident',
  input: noInput,
  tokenRoles: ['responder'],
  authorise: ({ principal, holders }) => refuseUnlessHolder(principal, holders, ['commander'], 'declare the incident resolved'),
  async run({ change, incident, incidentId, deps }) {
    const policy = deps.policy.severities[incident.severity];
    const refusal = refuseResolve({
      status: incident.status,
      fixDeployedAt: incident.fixDeployedAt,
      verificationPassed: incident.verificationPassed,
      stableSince: incident.stableSince,
      lastSignalHealthy: incident.lastSignalHealthy,
      now: change.at,
      stabilityWindowMs: policy.stabilityWindow,
    });
    if (refusal) throw conflict(`cannot resolve: ${refusal}`);
    const watchEnds = new Date(change.at.getTime() + policy.recoveryWatch);
    await change.manager.query(`UPDATE core.incidents SET resolved_at = $2, recovery_watch_ends_at = $3 WHERE id = $1`, [incidentId, change.at, watchEnds]);
    const stability = await meetDeadline(change.manager, incidentId, 'stability_window', change.at);
    if (stability) await emitDeadlineStage(change, stability, 'met');
    await cancelDeadlines(change.manager, incidentId, CANCELLED_ON_RESOLVE, change.at);
    await setStatus(change, incident, 'resolved', null);
    await change.emit(
      'incident.resolved',
      { resolvedAt: change.at.toISOString(), recoveryWatchEndsAt: watchEnds.toISOString() },
      { kind: 'resolved', text: 'incident declared resolved by the commander' },
    );
    await setStatus(change, incident, 'recovery_watch', null, `recovery watch until ${watchEnds.toISOString()}`);
    await createDeadlines(change.manager, incidentId, [planDeadline('recovery_watch', change.at, policy.recoveryWatch), planDeadline('postmortem', change.at, policy.postmortemDue)]);
    await deps.postmortems.createDraft(change.manager, change);
    return { status: incident.status, resolvedAt: change.at.toISOString(), recoveryWatchEndsAt: watchEnds.toISOString() };
  },
});
