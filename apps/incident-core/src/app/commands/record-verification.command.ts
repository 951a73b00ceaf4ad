import { z } from 'zod';
import { defineCommand } from './kernel/command';
import { conflict } from './kernel/refusals';

export const recordVerificationInput = z.object({ passed: z.boolean(), details: z.string().trim().max(5000).optional() }).strict();

/** The result of verifying the deployed fix; resolving needs a pass. */
export const recordVerification = defineCommand({
  name: 'record_verification',
  scope: 'incident',
  input: recordVerificationInput,
  tokenRoles: ['responder', 'automation'],
  async run({ input, change, incident, incidentId }) {
    if (incident.status !== 'monitoring' || !incident.fixDeployedAt) throw conflict('verification is recorded against a deployed fix; record the fix first');
    await change.manager.query(`UPDATE core.incidents SET verification_passed = $2 WHERE id = $1`, [incidentId, input.passed]);
    await change.line({ kind: 'verification', text: `verification ${input.passed ? 'passed' : 'failed'} for ${incident.deployRef}${input.details ? `: ${input.details}` : ''}`, detail: input });
    return { verificationPassed: input.passed };
  },
});
