import { z } from 'zod';
import { cancelDeadlines } from '../deadlines/deadline-store';
import { refuseFixDeployed } from '../lifecycle/lifecycle';
import { defineCommand } from './kernel/command';
import { conflict } from './kernel/refusals';
import { setStatus } from './shared/set-status';

export const fixDeployedInput = z.object({ deployRef: z.string().trim().min(1, 'must not be empty').max(500) }).strict();

/** A fix went out: the incident is monitored, and verification starts over for this build. */
export const fixDeployed = defineCommand({
  name: 'fix_deployed',
  scope: 'incident',
  input: fixDeployedInput,
  tokenRoles: ['responder', 'automation'],
  async run({ input, change, incident, incidentId }) {
    const refusal = refuseFixDeployed(incident.status);
    if (refusal) throw conflict(refusal);
    // A new fix restarts verification: earlier results and stability were about another build.
    await change.manager.query(
      `UPDATE core.incidents SET fix_deployed_at = $2, deploy_ref = $3, verification_passed = false, stable_since = NULL, last_signal_healthy = NULL WHERE id = $1`,
      [incidentId, change.at, input.deployRef],
    );
    await cancelDeadlines(change.manager, incidentId, ['stability_window'], change.at);
    await change.emit('incident.fix_deployed', { deployRef: input.deployRef }, { kind: 'fix_deployed', text: `fix deployed: ${input.deployRef}` });
    if (incident.status !== 'monitoring') await setStatus(change, incident, 'monitoring', 'fix deployed, being verified');
    return { status: incident.status, deployRef: input.deployRef };
  },
});
