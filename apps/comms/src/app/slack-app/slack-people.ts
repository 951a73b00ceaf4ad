import type { DataSource } from 'typeorm';
import { COMMS_SCHEMA } from '../comms-schema';
import type { SlackWorkspace } from '../channels/slack-workspace';
import { returnedRows } from '../delivery/returned-rows';

export interface SlackPerson {
  id: string;
  name: string;
}

/**
 * Who a Slack user is on the roster: the person whose slackUserId it is, else the person with the
 * Slack account's email (users.info), remembered on comms' copy of the person so the next command needs
 * no lookup. comms' copy is filled from incident-core's person events.
 */
export class SlackPeople {
  constructor(
    private readonly dataSource: DataSource,
    private readonly slack: SlackWorkspace,
  ) {}

  async personFor(slackUserId: string): Promise<SlackPerson | null> {
    const known: SlackPerson[] = await this.dataSource.query(`SELECT id, name FROM ${COMMS_SCHEMA}.people WHERE slack_user_id = $1 ORDER BY updated_at DESC LIMIT 1`, [slackUserId]);
    if (known.length > 0) return known[0];
    const email = await this.slack.emailOf(slackUserId).catch(() => null);
    if (!email) return null;
    const byEmail = returnedRows<SlackPerson>(await this.dataSource.query(
      `UPDATE ${COMMS_SCHEMA}.people SET slack_user_id = $2, slack_lookup_at = now()
       WHERE id = (SELECT id FROM ${COMMS_SCHEMA}.people WHERE lower(email) = lower($1) AND slack_user_id IS NULL LIMIT 1)
       RETURNING id, name`,
      [email, slackUserId],
    ));
    return byEmail[0] ?? null;
  }
}
