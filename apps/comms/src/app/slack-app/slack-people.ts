import type { DataSource } from 'typeorm';
import { COMMS_SCHEMA } from '../comms-schema';
import type { SlackWorkspace } from '../channels/slack-workspace';
import { personLookupResultSchema } from '@sitrep/contracts';
import type { CommandClient } from './command-client';

export interface SlackPerson {
  id: string;
  name: string;
}

/**
 * Who a Slack user is on the roster: the person whose slackUserId it is (asked of incident-core, which
 * keeps the roster), else the person with the Slack account's email (users.info, then the roster by
 * email). The answer is remembered on comms' copy of the person, so the next command needs no lookup.
 */
export class SlackPeople {
  /** People found by email whose copy comms has not received yet: remembered here until it does. */
  private readonly remembered = new Map<string, SlackPerson>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly slack: SlackWorkspace,
    private readonly roster: CommandClient,
  ) {}

  async personFor(slackUserId: string): Promise<SlackPerson | null> {
    const known: SlackPerson[] = await this.dataSource.query(`SELECT id, name FROM ${COMMS_SCHEMA}.people WHERE slack_user_id = $1 ORDER BY updated_at DESC LIMIT 1`, [slackUserId]);
    if (known.length > 0) return known[0];
    const cached = this.remembered.get(slackUserId);
    if (cached) return cached;
    const bySlackId = await this.roster.query('person_by_slack_user', { slackUserId }, personLookupResultSchema);
    if (bySlackId?.person) return this.remember(slackUserId, bySlackId.person);
    const email = await this.slack.emailOf(slackUserId).catch(() => null);
    if (!email) return null;
    const byEmail = await this.roster.query('person_by_email', { email }, personLookupResultSchema);
    return byEmail?.person ? this.remember(slackUserId, byEmail.person) : null;
  }

  private async remember(slackUserId: string, person: { id: string; name: string }): Promise<SlackPerson> {
    const found = { id: person.id, name: person.name };
    this.remembered.set(slackUserId, found);
    await this.dataSource.query(`UPDATE ${COMMS_SCHEMA}.people SET slack_user_id = $2, slack_lookup_at = now() WHERE id = $1 AND slack_user_id IS NULL`, [person.id, slackUserId]);
    return found;
  }
}
