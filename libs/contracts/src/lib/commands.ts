import { z } from 'zod';
import { severitySchema } from './schemas';

/**
 * The command layer's wire contract. incident-core is the only authority on who may do what: every
 * change to an incident is a command, served on `commands.<name>` (NATS request/reply, relative to the
 * deployment namespace like every subject) and on HTTP alike. A caller (comms' Slack app, the console,
 * the alert receivers) says which person is acting; incident-core decides whether that person may.
 */
export const COMMANDS_SUBJECT_ROOT = 'commands';

/** The subject a command is served on: commands.<name>. */
export function commandSubject(name: CommandName): string {
  return `${COMMANDS_SUBJECT_ROOT}.${name}`;
}

export const COMMAND_NAMES = [
  'declare',
  'change_status',
  'change_severity',
  'assign_role',
  'add_implementer',
  'record_assessment',
  'fix_deployed',
  'record_verification',
  'record_signal',
  'resolve',
  'reopen',
  'close',
  'mark_duplicate',
  'add_note',
  'report_ticket_volume',
  'flag_media_attention',
  'send_executive_update',
  'authorise_compensation',
  'acknowledge_page',
  'edit_postmortem_section',
  'add_action_item',
  'update_action_item',
  'review_postmortem',
  'publish_postmortem',
  'declare_from_alerts',
  'add_components',
] as const;
export const commandNameSchema = z.enum(COMMAND_NAMES);
export type CommandName = z.infer<typeof commandNameSchema>;

/** Who is acting, as the calling service vouches: a person on the roster, and the surface they used. */
export const commandActorSchema = z.object({
  personId: z.string().uuid(),
  via: z.enum(['api', 'slack', 'console', 'integration']),
});
export type CommandActor = z.infer<typeof commandActorSchema>;

export const commandRequestSchema = z.object({
  actor: commandActorSchema,
  /** The incident acted on; absent for `declare`. */
  incidentId: z.string().uuid().optional(),
  /** The command's own input, validated by incident-core against the command's schema. */
  input: z.unknown(),
});
export type CommandRequest = z.infer<typeof commandRequestSchema>;

/** A refusal carries the HTTP status the API would give and the same reason, naming people by name. */
export const commandReplySchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), result: z.unknown() }),
  z.object({
    ok: z.literal(false),
    status: z.number().int().min(400).max(599),
    message: z.string(),
    fields: z.array(z.object({ field: z.string(), reason: z.string() })).optional(),
  }),
]);
export type CommandReply = z.infer<typeof commandReplySchema>;

/*
 * Each command's `input` is the JSON body of its HTTP route, plus what the route's path carries:
 * assign_role {role, personId}; edit_postmortem_section {section, text}; update_action_item {itemId, ...};
 * reopen {reason} (the route's body says {text}); resolve, close, acknowledge_page, publish_postmortem {}.
 * A refusal (400 naming the field, 403 with the reason, 404, 409) is a reply with ok: false, never an error.
 */

/**
 * declare_from_alerts: a person declares an incident from alerts the detection rules left waiting (firing,
 * on no incident: `GET /api/v1/alerts?unlinked=true&status=firing`). HTTP: `POST /api/v1/alerts/declare-incident`.
 * The new incident is on the alerts' components and the alerts are linked to it, in one transaction; an
 * alert that is unknown, resolved, already on an incident or being declared by a detection rule is refused
 * (400 naming `alertIds`). The title defaults to the alerts' names. `componentIds` adds components to the
 * alerts' own (an unknown one is refused, 400 naming `componentIds`).
 */
export const declareFromAlertsInputSchema = z
  .object({
    alertIds: z.array(z.string().uuid('must be alert ids (UUIDs)')).min(1, 'name at least one alert').max(1000, 'at most 1000 alerts'),
    severity: severitySchema,
    title: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters').optional(),
    summary: z.string().trim().max(5000, 'must be at most 5000 characters').optional(),
    /** As for declare: else the on-call incident commander, else the declaring person as acting commander. */
    commanderId: z.string().uuid('must be a person id (a UUID)').optional(),
    /** Components the incident is on besides the alerts' own, which are always included. */
    componentIds: z.array(z.string().uuid('must be component ids (UUIDs)')).max(100, 'at most 100 components').optional(),
  })
  .strict();
export type DeclareFromAlertsInput = z.infer<typeof declareFromAlertsInputSchema>;
export const declareFromAlertsResultSchema = z.object({ incidentId: z.string().uuid(), reference: z.string(), linked: z.number().int().nonnegative() });
export type DeclareFromAlertsResult = z.infer<typeof declareFromAlertsResultSchema>;

/**
 * add_components: components join an incident's affected components (the ones already there are left
 * as they are; nothing new, nothing changes). HTTP: `POST /api/v1/incidents/:id/components`. Alert intake
 * calls it when alerts on other components join an open incident. Each addition is a timeline line and the
 * event `incident.components_added`, which comms follows so the next update it drafts names the component.
 */
export const addComponentsInputSchema = z
  .object({
    componentIds: z.array(z.string().uuid('must be component ids (UUIDs)')).min(1, 'name at least one component').max(100, 'at most 100 components'),
    /** Why, in words, for the timeline: "alert CheckoutLatency (alertmanager "Prometheus prod")". */
    reason: z.string().trim().min(1, 'must not be empty').max(500, 'must be at most 500 characters').optional(),
  })
  .strict();
export type AddComponentsInput = z.infer<typeof addComponentsInputSchema>;
export const addComponentsResultSchema = z.object({ added: z.array(z.string().uuid()), componentIds: z.array(z.string().uuid()) });
export type AddComponentsResult = z.infer<typeof addComponentsResultSchema>;

/** Read-only questions incident-core answers on `queries.<name>` (request/reply, namespace-relative). */
export const QUERIES_SUBJECT_ROOT = 'queries';
export const QUERY_NAMES = ['incident_state', 'person_by_slack_user', 'person_by_email', 'person_by_id', 'waiting_alerts'] as const;
export const queryNameSchema = z.enum(QUERY_NAMES);
export type QueryName = z.infer<typeof queryNameSchema>;

export function querySubject(name: QueryName): string {
  return `${QUERIES_SUBJECT_ROOT}.${name}`;
}

export const incidentStateRequestSchema = z.object({ incidentId: z.string().uuid() }).strict();
export type IncidentStateRequest = z.infer<typeof incidentStateRequestSchema>;

const isoTime = z.string().datetime();

/** What `/incident` shows in the war room: who holds what, every clock with its due time, what comes next. */
export const incidentStateSchema = z.object({
  id: z.string().uuid(),
  reference: z.string(),
  title: z.string(),
  severity: z.enum(['P1', 'P2', 'P3', 'P4']),
  status: z.enum(['declared', 'investigating', 'identified', 'monitoring', 'resolved', 'recovery_watch', 'closed']),
  declaredAt: isoTime,
  roles: z.array(
    z.object({
      role: z.enum(['commander', 'engineering_lead', 'support_lead', 'comms_lead', 'executive_sponsor']),
      /** "incident commander", "executive sponsor"… */
      label: z.string(),
      person: z.object({ id: z.string().uuid(), name: z.string(), slackUserId: z.string().nullable() }).nullable(),
    }),
  ),
  implementers: z.array(z.object({ id: z.string().uuid(), name: z.string() })),
  clocks: z.array(
    z.object({
      kind: z.string(),
      /** "initial assessment", "executive update"… */
      label: z.string(),
      ownerRole: z.string(),
      ownerName: z.string().nullable(),
      dueAt: isoTime,
      state: z.enum(['pending', 'met', 'breached', 'cancelled']),
      metAt: isoTime.nullable(),
    }),
  ),
  /** The next step the process expects, in words ("record the initial assessment (due 10:15 UTC)"); null when nothing is left. */
  nextStep: z.string().nullable(),
});
export type IncidentStateSummary = z.infer<typeof incidentStateSchema>;

export const personBySlackUserRequestSchema = z.object({ slackUserId: z.string().min(1).max(64) }).strict();
export const personByEmailRequestSchema = z.object({ email: z.string().email().max(320) }).strict();
export const personByIdRequestSchema = z.object({ personId: z.string().uuid() }).strict();

/** A roster person as the Slack app needs them; `person: null` when nobody matches. */
export const rosterPersonSummarySchema = z.object({
  id: z.string().uuid(),
  name: z.string(),
  email: z.string(),
  slackUserId: z.string().nullable(),
  /** Roster roles (incident_commander, comms_lead, engineer…). */
  roles: z.array(z.string()),
  /**
   * What incident-core lets this person do where they show no token of their own (Slack, the console):
   * the token roles a token issued to them would carry (responder, comms_lead, viewer). Decided by
   * incident-core; a surface acting for the person uses these and never works them out itself.
   */
  rights: z.array(z.enum(['responder', 'comms_lead', 'viewer'])),
});
export type RosterPersonSummary = z.infer<typeof rosterPersonSummarySchema>;
export const personLookupResultSchema = z.object({ person: rosterPersonSummarySchema.nullable() });
export type PersonLookupResult = z.infer<typeof personLookupResultSchema>;

/** Firing alerts that belong to no incident and no detection: they wait for a person to declare from them. */
export const waitingAlertsRequestSchema = z.object({ limit: z.number().int().min(1).max(100).default(20) }).strict();
export type WaitingAlertsRequest = z.input<typeof waitingAlertsRequestSchema>;

export const waitingAlertSchema = z.object({
  id: z.string().uuid(),
  name: z.string(),
  severity: z.string().nullable(),
  summary: z.string().nullable(),
  components: z.array(z.object({ id: z.string().uuid(), name: z.string() })),
  firstReceivedAt: isoTime,
});
export type WaitingAlert = z.infer<typeof waitingAlertSchema>;
/** `total` counts every waiting alert; `alerts` holds the oldest `limit` of them. */
export const waitingAlertsSchema = z.object({ alerts: z.array(waitingAlertSchema), total: z.number().int().nonnegative() });
export type WaitingAlerts = z.infer<typeof waitingAlertsSchema>;
