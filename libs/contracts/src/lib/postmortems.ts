import { z } from 'zod';
import { severitySchema } from './schemas';

/**
 * Post-mortems: the blameless review written after a major incident. incident-core drafts it when the
 * incident is resolved, people complete it, the commander reviews and publishes it.
 */

const at = z.string().datetime({ offset: true });
const uuid = z.string().uuid();

export const actionItemPrioritySchema = z.enum(['high', 'medium', 'low']);
export type ActionItemPriority = z.infer<typeof actionItemPrioritySchema>;
export const actionItemStatusSchema = z.enum(['open', 'done']);
export type ActionItemStatus = z.infer<typeof actionItemStatusSchema>;

/**
 * The customer-facing version of a P1 post-mortem: no internal notes, no people's names (roles only),
 * no revenue or credit figures. comms drafts it into its approval queue.
 */
export const externalPostmortemSchema = z.object({
  title: z.string().min(1),
  summary: z.string().min(1),
  impact: z.string().min(1),
  rootCause: z.string().min(1),
  prevention: z.string().min(1),
});
export type ExternalPostmortem = z.infer<typeof externalPostmortemSchema>;

export const postmortemEvents = {
  /** The draft exists; the review meeting is proposed (incident-core serves it as iCalendar at .../postmortem/review.ics). */
  'postmortem.draft_created': {
    version: 1,
    data: z.object({
      incidentId: uuid,
      dueAt: at.nullable(),
      reviewSlot: z.object({ start: at, end: at, withinDeadline: z.boolean() }),
      attendeePersonIds: z.array(uuid),
      /** The invitation as an iCalendar VEVENT (RFC 5545), for comms to e-mail to the attendees. */
      ics: z.string().startsWith('BEGIN:VCALENDAR'),
      summary: z.string().min(1),
    }),
  },
  /** An open action item past its due date; its owner is to be reminded (at most once a day). */
  'postmortem.action_item_overdue': {
    version: 1,
    data: z.object({
      incidentId: uuid,
      actionItemId: uuid,
      title: z.string().min(1),
      ownerPersonId: uuid,
      dueDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
      priority: actionItemPrioritySchema,
      daysOverdue: z.number().int().positive(),
      jiraKey: z.string().nullable(),
      jiraUrl: z.string().url().nullable(),
    }),
  },
  /** Emitted when a P1 post-mortem is published: the external version for comms to draft. */
  'postmortem.published': {
    version: 1,
    data: z.object({
      incidentId: uuid,
      reference: z.string().min(1),
      severity: severitySchema,
      publishedAt: at,
      external: externalPostmortemSchema,
    }),
  },
} as const;
