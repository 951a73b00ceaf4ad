import { z } from 'zod';
import { Severity, isMajorSeverity } from '@sitrep/contracts';
import { durationSchema } from './duration';
import { DEFAULT_ALERT_POLICY_DOCUMENT, alertPolicySchema } from '../alerts/alert-policy';

/**
 * The process's clocks and thresholds, per severity. The P1 defaults are the seed's; this file is the
 * one place they are written down. A policy file (SITREP_POLICY_FILE) overrides any of them.
 */
export const DEFAULT_POLICY_DOCUMENT = {
  severities: {
    P1: { assessmentDue: '15m', firstCustomerNoticeDue: '30m', customerUpdateEvery: '30m', executiveUpdateEvery: '1h', stabilityWindow: '15m', recoveryWatch: '2h', postmortemDue: '48h', escalateUnresolvedAfter: '2h', escalationStep: '1h' },
    P2: { assessmentDue: '15m', firstCustomerNoticeDue: '30m', customerUpdateEvery: '1h', executiveUpdateEvery: '4h', stabilityWindow: '15m', recoveryWatch: '1h', postmortemDue: '5d', escalateUnresolvedAfter: '4h', escalationStep: '2h' },
    P3: { assessmentDue: '1h', firstCustomerNoticeDue: '2h', customerUpdateEvery: '4h', executiveUpdateEvery: '24h', stabilityWindow: '10m', recoveryWatch: '30m', postmortemDue: '14d', escalateUnresolvedAfter: '24h', escalationStep: '8h' },
    P4: { assessmentDue: '4h', firstCustomerNoticeDue: '24h', customerUpdateEvery: '24h', executiveUpdateEvery: '7d', stabilityWindow: '10m', recoveryWatch: '30m', postmortemDue: '30d', escalateUnresolvedAfter: '7d', escalationStep: '1d' },
  },
  ticketVolumeEscalationMultiple: 5,
  alerts: DEFAULT_ALERT_POLICY_DOCUMENT,
} as const;

const severityPolicySchema = z
  .object({
    assessmentDue: durationSchema,
    firstCustomerNoticeDue: durationSchema,
    customerUpdateEvery: durationSchema,
    executiveUpdateEvery: durationSchema,
    stabilityWindow: durationSchema,
    recoveryWatch: durationSchema,
    postmortemDue: durationSchema,
    escalateUnresolvedAfter: durationSchema,
    escalationStep: durationSchema,
  })
  .strict();

export type SeverityPolicy = z.infer<typeof severityPolicySchema>;

export const policySchema = z
  .object({
    severities: z.object({ P1: severityPolicySchema, P2: severityPolicySchema, P3: severityPolicySchema, P4: severityPolicySchema }).strict(),
    ticketVolumeEscalationMultiple: z.number().positive(),
    alerts: alertPolicySchema,
  })
  .strict();

export type Policy = z.infer<typeof policySchema>;

/** Which severities are "major": they get an executive sponsor, hourly executive updates and escalations. */
export function isMajor(severity: Severity): boolean {
  return isMajorSeverity(severity);
}

export const POLICY = Symbol('Policy');
