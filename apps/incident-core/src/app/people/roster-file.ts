import { readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { describeZodError, escalationContactRoleSchema } from '@sitrep/contracts';
import { createPersonBody, emailSchema } from './people.schemas';

/** Injection token: the path of the roster file incident-core loads at start-up (SITREP_ROSTER_FILE), or null. */
export const ROSTER_FILE = Symbol('RosterFile');

/**
 * The people Sitrep knows and who holds each escalation role. People are matched by email; each
 * escalation contact names a person of the file by email.
 */
export const rosterSchema = z
  .object({
    people: z.array(createPersonBody).default([]),
    escalationContacts: z.record(escalationContactRoleSchema, emailSchema).default({}),
  })
  .strict()
  .superRefine((roster, ctx) => {
    const firstIndex = new Map<string, number>();
    roster.people.forEach((person, index) => {
      const earlier = firstIndex.get(person.email);
      if (earlier === undefined) firstIndex.set(person.email, index);
      else ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['people', index, 'email'], message: `${person.email} is listed twice (also people.${earlier})` });
    });
    for (const [role, email] of Object.entries(roster.escalationContacts)) {
      if (email && !firstIndex.has(email)) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['escalationContacts', role], message: `${email} is not among the people of this file` });
      }
    }
  });
export type Roster = z.infer<typeof rosterSchema>;

export class RosterFileError extends Error {}

/** Reads and validates a roster file, JSON or YAML (by extension; anything but .json is read as YAML). */
export function loadRosterFile(path: string): Roster {
  const file = resolve(path);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new RosterFileError(`roster file ${file} cannot be read: ${(error as Error).message}`);
  }
  const json = extname(file).toLowerCase() === '.json';
  let document: unknown;
  try {
    document = (json ? JSON.parse(text) : parseYaml(text)) ?? {};
  } catch (error) {
    throw new RosterFileError(`roster file ${file} is not valid ${json ? 'JSON' : 'YAML'}: ${(error as Error).message}`);
  }
  const parsed = rosterSchema.safeParse(document);
  if (!parsed.success) throw new RosterFileError(`roster file ${file}: ${describeZodError(parsed.error)}`);
  return parsed.data;
}
