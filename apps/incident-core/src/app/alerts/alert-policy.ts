import { z } from 'zod';
import { severitySchema } from '@sitrep/contracts';
import { durationSchema } from '../policy/duration';

/**
 * The alert section of the policy file: when alerts declare an incident by themselves, and how old a
 * signed webhook may be. Rules are tried in order; the first that holds declares.
 */
export const DEFAULT_ALERT_POLICY_DOCUMENT = {
  signatureMaxAge: '5m',
  abandonDeclaringAfter: '1m',
  detection: [
    { name: 'critical alerts on two or more components', when: { labels: { severity: 'critical' }, minComponents: 2 }, declare: { severity: 'P1' } },
    { name: 'customers_affected annotation of 50 or more', when: { annotation: 'customers_affected', atLeast: 50 }, declare: { severity: 'P1' } },
  ],
} as const;

const detectionRuleSchema = z
  .object({
    name: z.string().trim().min(1, 'must not be empty').max(200),
    when: z
      .object({
        /** Only firing alerts whose labels equal these take part in the rule. */
        labels: z.record(z.string(), z.string()).default({}),
        /** The alerts taking part map to at least this many distinct components. */
        minComponents: z.number().int().min(1).optional(),
        /** Some alert taking part has this annotation, read as a number, at or above atLeast. */
        annotation: z.string().trim().min(1).optional(),
        atLeast: z.number().nonnegative().optional(),
      })
      .strict()
      .refine((w) => w.minComponents !== undefined || w.annotation !== undefined, 'give minComponents, or annotation with atLeast')
      .refine((w) => (w.annotation === undefined) === (w.atLeast === undefined), 'annotation and atLeast go together'),
    declare: z
      .object({
        severity: severitySchema,
        /** The seed's detected trigger; the count is the largest customers_affected annotation among the alerts. */
        trigger: z.literal('multi_customer_impact').default('multi_customer_impact'),
      })
      .strict(),
  })
  .strict();

export const alertPolicySchema = z
  .object({
    signatureMaxAge: durationSchema,
    /** A detection still "declaring" this long after it was claimed died with its process; the next alert may declare again. */
    abandonDeclaringAfter: durationSchema,
    detection: z.array(detectionRuleSchema).max(50),
  })
  .strict();

export type AlertPolicy = z.infer<typeof alertPolicySchema>;
export type DetectionRule = AlertPolicy['detection'][number];
