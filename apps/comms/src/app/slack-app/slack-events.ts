import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { incidentStateSchema } from '@sitrep/contracts';
import { COMMS_SCHEMA } from '../comms-schema';
import type { SlackWorkspace } from '../channels/slack-workspace';
import type { CommandClient } from './command-client';
import { stateBlocks } from './incident-state';
import * as B from './slack-blocks';
import { SlackPeople } from './slack-people';
import { SLACK_TEXTS as T } from './slack-texts';

/** The Events API's envelope (`event_callback`), as much of it as Sitrep reads. */
export interface SlackEventEnvelope {
  type: 'event_callback';
  event_id: string;
  event_time?: number;
  event: { type: string; user?: string; channel?: string | { id: string; name: string }; text?: string; ts?: string };
}

/** The events the manifest subscribes to (docs/slack-app-manifest.yaml). */
export const HANDLED_EVENTS = ['app_mention', 'channel_rename', 'channel_archive', 'channel_unarchive'] as const;

/**
 * Events from Slack, each handled once: Slack redelivers an event it thinks was missed (with
 * X-Slack-Retry-Num) and any comms replica may get the retry, so the event id is claimed in the
 * database before anything is done.
 *  - app_mention: whoever mentions the app in a war room sees the incident's state (as `/incident`
 *    alone shows it), elsewhere the help; only to them (an ephemeral message).
 *  - channel_rename: the war room's new name is recorded, so links to it in messages read right.
 *  - channel_archive / channel_unarchive: recorded; while archived, posts and invitations to the war
 *    room are cancelled instead of failing against Slack's is_archived.
 */
export class SlackEvents {
  private readonly people: SlackPeople;
  private forgotAt = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly slack: SlackWorkspace,
    private readonly commands: CommandClient,
    private readonly logger: Logger,
  ) {
    this.people = new SlackPeople(dataSource, slack, commands);
  }

  /** Returns false when the event was handled before (a retry) and so was not handled again. */
  async handle(envelope: SlackEventEnvelope): Promise<boolean> {
    const claimed: unknown[] = await this.dataSource.query(
      `INSERT INTO ${COMMS_SCHEMA}.slack_events (event_id, type) VALUES ($1, $2) ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
      [envelope.event_id, envelope.event.type],
    );
    if (claimed.length === 0) {
      this.logger.debug({ eventId: envelope.event_id }, 'Slack event already handled: a retry');
      return false;
    }
    await this.forgetOld();
    const event = envelope.event;
    const channelId = typeof event.channel === 'string' ? event.channel : event.channel?.id;
    switch (event.type) {
      case 'app_mention':
        if (event.user && channelId) await this.mentioned(event.user, channelId);
        break;
      case 'channel_rename':
        if (typeof event.channel === 'object') await this.dataSource.query(`UPDATE ${COMMS_SCHEMA}.war_rooms SET channel_name = $2 WHERE channel_id = $1`, [event.channel.id, event.channel.name]);
        break;
      case 'channel_archive':
      case 'channel_unarchive':
        if (channelId) await this.dataSource.query(`UPDATE ${COMMS_SCHEMA}.war_rooms SET archived_at = ${event.type === 'channel_archive' ? 'now()' : 'NULL'} WHERE channel_id = $1`, [channelId]);
        break;
      default:
        this.logger.debug({ type: event.type }, 'a Slack event Sitrep does not subscribe to');
    }
    return true;
  }

  private async mentioned(user: string, channel: string): Promise<void> {
    const person = await this.people.personFor(user);
    if (!person) return this.slack.postEphemeral(channel, user, T.unknownUser);
    const [room]: { incident_id: string }[] = await this.dataSource.query(`SELECT incident_id FROM ${COMMS_SCHEMA}.war_rooms WHERE channel_id = $1`, [channel]);
    if (!room) return this.slack.postEphemeral(channel, user, T.help);
    const state = await this.commands.query('incident_state', { incidentId: room.incident_id }, incidentStateSchema);
    if (!state) return this.slack.postEphemeral(channel, user, T.notConfigured);
    const view = stateBlocks(state, Date.now());
    await this.slack.postEphemeral(channel, user, view.text, [...view.blocks, B.context(T.events.mention)]);
  }

  /** Forgets event ids a day old, at most once an hour: Slack's retries stop within the hour. */
  private async forgetOld(): Promise<void> {
    if (Date.now() - this.forgotAt < 3_600_000) return;
    this.forgotAt = Date.now();
    await this.dataSource.query(`DELETE FROM ${COMMS_SCHEMA}.slack_events WHERE received_at < now() - interval '1 day'`);
  }
}
