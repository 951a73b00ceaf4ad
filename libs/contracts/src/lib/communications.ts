import { z } from 'zod';
import { componentStatusSchema } from './schemas';

/**
 * What customers are told. comms publishes it after the communications lead approved it; the status
 * page shows it, the fan-out sends it, incident-core meets its clocks with it. Nothing here is internal:
 * no notes, no responders' names.
 */
export const publicIncidentStatusSchema = z.enum(['investigating', 'identified', 'monitoring', 'resolved', 'postmortem']);
export const publicMaintenanceStatusSchema = z.enum(['scheduled', 'in_progress', 'verifying', 'completed']);
export const publicStatusSchema = z.union([publicIncidentStatusSchema, publicMaintenanceStatusSchema]);
export type PublicStatus = z.infer<typeof publicStatusSchema>;

/** Statuspage's incident impact values. */
export const impactSchema = z.enum(['none', 'minor', 'major', 'critical', 'maintenance']);
export type Impact = z.infer<typeof impactSchema>;

export const channelSchema = z.enum(['status_page', 'email', 'sms', 'slack']);
export type Channel = z.infer<typeof channelSchema>;

export const communicationKindSchema = z.enum(['initial', 'update', 'resolved', 'all_clear', 'postmortem', 'maintenance_scheduled', 'maintenance_started', 'maintenance_completed']);
export type CommunicationKind = z.infer<typeof communicationKindSchema>;

export const affectedComponentSchema = z.object({
  id: z.string().uuid(),
  name: z.string().min(1),
  status: componentStatusSchema,
});

const at = z.string().datetime({ offset: true });

export const publishedCommunicationSchema = z.object({
  communicationId: z.string().uuid(),
  kind: communicationKindSchema,
  publishedAt: at,
  /** incident: an outage; maintenance: a scheduled window. The envelope's incidentId names which one. */
  subject: z.enum(['incident', 'maintenance']).default('incident'),
  /** Customer-facing title (may differ from the internal one). */
  title: z.string().min(1).max(300),
  status: publicStatusSchema,
  impact: impactSchema,
  body: z.string().min(1).max(20_000),
  components: z.array(affectedComponentSchema),
  channels: z.array(channelSchema),
  /** For maintenance: the window. */
  scheduledFor: at.nullable().default(null),
  scheduledUntil: at.nullable().default(null),
});
export type PublishedCommunication = z.infer<typeof publishedCommunicationSchema>;

export const deliveryCountsSchema = z.object({ sent: z.number().int().nonnegative(), pending: z.number().int().nonnegative(), failed: z.number().int().nonnegative() });

export const communicationEvents = {
  /** comms opened the incident's war room (channel created, rules and card pinned). */
  'war_room.opened': {
    version: 1,
    data: z.object({ channelId: z.string().min(1), channelName: z.string().min(1), openedAt: at }),
  },
  /**
   * How a notice about the incident to a person (a page, an executive update, a missed clock) or to its war
   * room ended, once: incident-core's timeline records it, and the post-mortem reads what reached whom from it.
   */
  'war_room.notice_outcome': {
    version: 1,
    data: z.object({
      deliveryId: z.string().uuid(),
      /** The event the notice answers (one update to the sponsor goes out as an email and a Slack DM). */
      sourceEventId: z.string().uuid().nullable(),
      notice: z.string().min(1),
      channel: channelSchema,
      personId: z.string().uuid().nullable(),
      personName: z.string().nullable(),
      outcome: z.enum(['sent', 'failed', 'cancelled']),
      error: z.string().nullable(),
      at,
    }),
  },
  /**
   * A notice about the incident that comms had nobody to send to (an executive summary for an incident with
   * no executive sponsor), once per event it answers: the timeline says who was not told and why, rather
   * than the notice vanishing or waiting forever for a recipient that will not come.
   */
  'war_room.notice_not_sent': {
    version: 1,
    data: z.object({
      /** The event the notice answers (the missed executive clock, the commander's update). */
      sourceEventId: z.string().uuid(),
      notice: z.string().min(1),
      /** Why, in words the timeline shows ("no executive sponsor to send the summary to"). */
      reason: z.string().min(1),
      at,
    }),
  },
  'communication.published': { version: 1, data: publishedCommunicationSchema },
  /** Progress of one communication's fan-out, per channel. */
  'communication.delivery_summary': {
    version: 1,
    data: z.object({ communicationId: z.string().uuid(), channels: z.record(channelSchema, deliveryCountsSchema), complete: z.boolean() }),
  },
} as const;
