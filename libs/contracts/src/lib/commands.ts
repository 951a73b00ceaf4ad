import { z } from 'zod';

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
