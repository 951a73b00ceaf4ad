import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { AlertStatus, Labels } from '../alerts/alert-rules';

/** One alert as every receiver hands it to intake, whatever sent it. */
export interface NormalisedAlert {
  fingerprint: string;
  status: AlertStatus;
  name: string;
  severity: string | null;
  labels: Labels;
  annotations: Labels;
  startsAt: Date | null;
  endsAt: Date | null;
  generatorUrl: string | null;
}

const MAX_ALERTS = 5000;
const labelSet = z.record(z.string().max(200), z.string().max(10_000)).default({});
const timestamp = z.string().max(64).refine((t) => !Number.isNaN(Date.parse(t)), 'must be an RFC 3339 timestamp');
const status = z.enum(['firing', 'resolved']);

/**
 * Alertmanager's webhook_config payload, version 4 (also what Grafana's contact point sends, plus a few
 * fields of its own). Unknown fields are let through: both add fields over time.
 */
const webhookAlert = z
  .object({
    status,
    labels: labelSet,
    annotations: labelSet,
    startsAt: timestamp.optional(),
    endsAt: timestamp.optional(),
    generatorURL: z.string().max(5000).optional(),
    fingerprint: z.string().trim().min(1).max(200).optional(),
  })
  .passthrough();

export const alertmanagerPayload = z
  .object({
    version: z.literal('4', { errorMap: () => ({ message: 'must be "4" (Alertmanager webhook payload version 4)' }) }),
    groupKey: z.string().max(10_000),
    truncatedAlerts: z.number().int().nonnegative().optional(),
    status,
    receiver: z.string().max(1000),
    groupLabels: labelSet,
    commonLabels: labelSet,
    commonAnnotations: labelSet,
    externalURL: z.string().max(5000),
    alerts: z.array(webhookAlert).max(MAX_ALERTS),
  })
  .passthrough();
export type AlertmanagerPayload = z.infer<typeof alertmanagerPayload>;

/** Grafana alerting's webhook contact point: the same alert list, with orgId, state, title and message. */
export const grafanaPayload = z
  .object({
    receiver: z.string().max(1000),
    status,
    orgId: z.number().int().optional(),
    alerts: z.array(webhookAlert).max(MAX_ALERTS),
    groupLabels: labelSet,
    commonLabels: labelSet,
    commonAnnotations: labelSet,
    externalURL: z.string().max(5000).optional(),
    version: z.string().max(10).optional(),
    groupKey: z.string().max(10_000).optional(),
    truncatedAlerts: z.number().int().nonnegative().optional(),
    title: z.string().max(10_000).optional(),
    state: z.string().max(100).optional(),
    message: z.string().max(100_000).optional(),
  })
  .passthrough();
export type GrafanaPayload = z.infer<typeof grafanaPayload>;

/** Sitrep's own signed JSON: for monitoring that is neither Alertmanager nor Grafana. */
export const genericPayload = z
  .object({
    alerts: z
      .array(
        z
          .object({
            name: z.string().trim().min(1, 'must not be empty').max(500),
            status,
            fingerprint: z.string().trim().min(1).max(200).optional(),
            severity: z.string().trim().min(1).max(100).optional(),
            labels: labelSet,
            annotations: labelSet,
            startsAt: timestamp.optional(),
            endsAt: timestamp.optional(),
            url: z.string().url().max(5000).optional(),
          })
          .strict(),
      )
      .min(1, 'send at least one alert')
      .max(MAX_ALERTS),
  })
  .strict();
export type GenericPayload = z.infer<typeof genericPayload>;

/** Alertmanager's "no end yet" is year 1. */
function date(text: string | undefined): Date | null {
  if (!text) return null;
  const at = new Date(text);
  return Number.isNaN(at.getTime()) || at.getUTCFullYear() < 1970 ? null : at;
}

/** Without a fingerprint from the sender, the sorted label set identifies the alert (as Alertmanager's own does). */
export function labelFingerprint(labels: Labels): string {
  const canonical = Object.keys(labels)
    .sort()
    .map((k) => `${k}\u0000${labels[k]}`)
    .join('\u0001');
  return createHash('sha256').update(canonical).digest('hex').slice(0, 16);
}

export function fromWebhook(payload: AlertmanagerPayload | GrafanaPayload): NormalisedAlert[] {
  return payload.alerts.map((a) => ({
    fingerprint: a.fingerprint ?? labelFingerprint(a.labels),
    status: a.status,
    name: a.labels['alertname'] ?? 'unnamed alert',
    severity: a.labels['severity'] ?? null,
    labels: a.labels,
    annotations: a.annotations,
    startsAt: date(a.startsAt),
    endsAt: date(a.endsAt),
    generatorUrl: a.generatorURL || null,
  }));
}

export function fromGeneric(payload: GenericPayload): NormalisedAlert[] {
  return payload.alerts.map((a) => {
    const labels = { alertname: a.name, ...(a.severity ? { severity: a.severity } : {}), ...a.labels };
    return {
      fingerprint: a.fingerprint ?? labelFingerprint(labels),
      status: a.status,
      name: a.name,
      severity: a.severity ?? a.labels['severity'] ?? null,
      labels,
      annotations: a.annotations,
      startsAt: date(a.startsAt),
      endsAt: date(a.endsAt),
      generatorUrl: a.url ?? null,
    };
  });
}
