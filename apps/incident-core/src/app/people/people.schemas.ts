import { z } from 'zod';
import { ROLES } from '@sitrep/auth';
import { escalationContactRoleSchema } from '@sitrep/contracts';
import { PERSON_ROLES } from './person-roles';

export const E164 = /^\+[1-9]\d{1,14}$/;
export const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/;

const nameSchema = z.string().trim().min(1, 'must not be empty').max(120, 'must be at most 120 characters');
/** Trimmed and lower-cased before it is checked, so "Ann@Example.COM " and "ann@example.com" are one person. */
export const emailSchema = z.string().trim().toLowerCase().max(254, 'must be at most 254 characters').email('must be an email address');
const phoneSchema = z.string().trim().regex(E164, 'must be E.164, e.g. +14155550123');
const slackUserIdSchema = z.string().trim().regex(SLACK_USER_ID, 'must be a Slack user id, e.g. U024BE7LH');
const onCallSchema = z.boolean({ invalid_type_error: 'must be true or false' });
/** Each role once, in the order given. */
const rolesSchema = z.array(z.enum(PERSON_ROLES)).transform((roles) => [...new Set(roles)]);

export const createPersonBody = z
  .object({
    name: nameSchema,
    email: emailSchema,
    phone: phoneSchema.optional(),
    slackUserId: slackUserIdSchema.optional(),
    onCall: onCallSchema.optional(),
    roles: rolesSchema.optional(),
  })
  .strict();
export type CreatePersonBody = z.infer<typeof createPersonBody>;

/** Any of the fields of a new person; phone and slackUserId may be null to clear them. */
export const updatePersonBody = z
  .object({
    name: nameSchema.optional(),
    email: emailSchema.optional(),
    phone: phoneSchema.nullable().optional(),
    slackUserId: slackUserIdSchema.nullable().optional(),
    onCall: onCallSchema.optional(),
    roles: rolesSchema.optional(),
  })
  .strict()
  .refine((body) => Object.values(body).some((v) => v !== undefined), 'give at least one field to change');
export type UpdatePersonBody = z.infer<typeof updatePersonBody>;

/** GET /api/v1/people?role=comms_lead&onCall=true */
export const listPeopleQuery = z
  .object({
    role: z.enum(PERSON_ROLES).optional(),
    onCall: z
      .enum(['true', 'false'], { errorMap: () => ({ message: 'must be true or false' }) })
      .transform((v) => v === 'true')
      .optional(),
  })
  .strict();
export type ListPeopleQuery = z.infer<typeof listPeopleQuery>;

export const ESCALATION_ROLES = escalationContactRoleSchema.options;

export const setEscalationContactBody = z.object({ personId: z.string().uuid('must be a person id (a uuid)') }).strict();
export type SetEscalationContactBody = z.infer<typeof setEscalationContactBody>;

export const issueTokenBody = z
  .object({
    role: z.enum(ROLES),
    label: z.string().trim().min(1, 'must not be empty').max(120, 'must be at most 120 characters').optional(),
  })
  .strict();
export type IssueTokenBody = z.infer<typeof issueTokenBody>;
