import type { EntityManager } from 'typeorm';
import type { RosterPersonSummary } from '@sitrep/contracts';
import { tokenRolesForPerson } from '../kernel/caller';

type Row = { id: string; name: string; email: string; slack_user_id: string | null; roles: string[] };
// The rights come from the same rule the command layer applies to a person acting without a token.
const toSummary = (r: Row): RosterPersonSummary => ({
  id: r.id,
  name: r.name,
  email: r.email,
  slackUserId: r.slack_user_id,
  roles: [...r.roles],
  rights: tokenRolesForPerson(r) as RosterPersonSummary['rights'],
});

/** The roster person a Slack user id belongs to (`queries.person_by_slack_user`), or null. */
export async function personBySlackUser(manager: EntityManager, slackUserId: string): Promise<RosterPersonSummary | null> {
  const [row]: Row[] = await manager.query(`SELECT id, name, email, slack_user_id, roles FROM core.people WHERE slack_user_id = $1 LIMIT 1`, [slackUserId]);
  return row ? toSummary(row) : null;
}

/** The roster person with this email, compared without case (`queries.person_by_email`), or null. */
export async function personByEmail(manager: EntityManager, email: string): Promise<RosterPersonSummary | null> {
  const [row]: Row[] = await manager.query(`SELECT id, name, email, slack_user_id, roles FROM core.people WHERE lower(email) = lower($1) ORDER BY name LIMIT 1`, [email]);
  return row ? toSummary(row) : null;
}

export async function personById(manager: EntityManager, id: string): Promise<RosterPersonSummary | null> {
  const [row]: Row[] = await manager.query(`SELECT id, name, email, slack_user_id, roles FROM core.people WHERE id = $1`, [id]);
  return row ? toSummary(row) : null;
}
