import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { incidentStateSchema } from '@sitrep/contracts';
import { slackCallsFor } from '../channels/slack-call-purpose';
import { COMMS_SCHEMA } from '../comms-schema';
import { returnedRows } from '../delivery/returned-rows';
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
  event: { type: string; user?: string; channel?: string | { id: string; name: string }; text?: string; ts?: string; event_ts?: string };
}

/**
 * When the event happened, in seconds as Slack writes them ("1764160000.123456"): the event's event_ts,
 * else the envelope's event_time (whole seconds); null when neither is there.
 */
export function slackEventTime(envelope: SlackEventEnvelope): string | null {
  const ts = envelope.event.event_ts;
  if (typeof ts === 'string' && /^\d+(\.\d+)?$/.test(ts)) return ts;
  return typeof envelope.event_time === 'number' && Number.isFinite(envelope.event_time) ? String(Math.floor(envelope.event_time)) : null;
}

/** The events the manifest subscribes to (docs/slack-app-manifest.yaml). */
export const HANDLED_EVENTS = ['app_mention', 'channel_rename', 'channel_archive', 'channel_unarchive'] as const;

/** How long a replica holds an event it is handling before another may take it (it may have died). */
const LEASE_MS = 60_000;
/** Handlings tried before an event is given up on (logged as an error, kept a day with its last error). */
const MAX_ATTEMPTS = 5;

/** When comms tries a failed event again itself (Slack's own retry may come sooner): 5 s, 20 s, 80 s, 5 min. */
export function slackEventRetryDelayMs(attempts: number): number {
  return Math.min(5_000 * 4 ** Math.max(attempts - 1, 0), 300_000);
}

/**
 * Events from Slack, each handled once: Slack redelivers an event it thinks was missed (with
 * X-Slack-Retry-Num) and any comms replica may get the retry. So the event is recorded when received and
 * is done only when its handling succeeded; a replica handling it holds a lease. A handling that fails
 * lets go of the event, so Slack's retry (same event_id) is handled, and comms tries it again itself from
 * the stored envelope (Slack does not retry an event comms acknowledged in time).
 *  - app_mention: whoever mentions the app in a war room sees the incident's state (as `/incident`
 *    alone shows it), elsewhere the help; only to them (an ephemeral message).
 *  - channel_rename: the war room's new name is recorded, so links to it in messages read right; only
 *    if newer than the recorded one (events arrive out of order), as for archive/unarchive.
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

  /**
   * Records the event as received (a second time is a no-op). Done before Slack is answered: an event
   * that could not be recorded is refused, and Slack sends it again.
   */
  async record(envelope: SlackEventEnvelope): Promise<void> {
    // The first handling follows at once; comms looks for it again only after a lease's time.
    await this.dataSource.query(
      `INSERT INTO ${COMMS_SCHEMA}.slack_events (event_id, type, envelope, state, next_attempt_at) VALUES ($1, $2, $3, 'pending', now() + $4::integer * interval '1 millisecond')
       ON CONFLICT (event_id) DO NOTHING`,
      [envelope.event_id, envelope.event.type, JSON.stringify(envelope), LEASE_MS],
    );
  }

  /**
   * Handles the event unless it is done, given up on, or in another replica's hands. Returns false when it
   * was not handled for that reason; throws what the handling threw, after letting go of the event.
   */
  async handle(envelope: SlackEventEnvelope): Promise<boolean> {
    await this.record(envelope);
    const claimed = returnedRows<{ attempts: number }>(
      await this.dataSource.query(
        `UPDATE ${COMMS_SCHEMA}.slack_events SET claimed_until = now() + $2::integer * interval '1 millisecond', attempts = attempts + 1
         WHERE event_id = $1 AND state = 'pending' AND (claimed_until IS NULL OR claimed_until < now()) RETURNING attempts`,
        [envelope.event_id, LEASE_MS],
      ),
    );
    if (claimed.length === 0) {
      this.logger.debug({ eventId: envelope.event_id }, 'Slack event already handled or in hand: a retry');
      return false;
    }
    await this.forgetOld();
    try {
      await this.work(envelope);
    } catch (error) {
      const attempts = claimed[0].attempts;
      const givenUp = attempts >= MAX_ATTEMPTS;
      await this.dataSource.query(
        `UPDATE ${COMMS_SCHEMA}.slack_events SET claimed_until = NULL, state = $2, last_error = $3, next_attempt_at = now() + $4::integer * interval '1 millisecond' WHERE event_id = $1`,
        [envelope.event_id, givenUp ? 'failed' : 'pending', error instanceof Error ? error.message : String(error), slackEventRetryDelayMs(attempts)],
      );
      if (givenUp) this.logger.error({ err: error, eventId: envelope.event_id, type: envelope.event.type, attempts }, 'a Slack event failed every time it was handled: given up');
      throw error;
    }
    await this.dataSource.query(`UPDATE ${COMMS_SCHEMA}.slack_events SET state = 'done', claimed_until = NULL WHERE event_id = $1`, [envelope.event_id]);
    return true;
  }

  /** Handles again the events whose handling failed or was interrupted and is due. Returns how many were handled. */
  async retryDue(): Promise<number> {
    const due: { envelope: SlackEventEnvelope }[] = await this.dataSource.query(
      `SELECT envelope FROM ${COMMS_SCHEMA}.slack_events
       WHERE state = 'pending' AND envelope IS NOT NULL AND next_attempt_at <= now() AND (claimed_until IS NULL OR claimed_until < now())
       ORDER BY received_at LIMIT 20`,
    );
    let handled = 0;
    for (const { envelope } of due) {
      try {
        if (await slackCallsFor(`event ${envelope.event.type}`, () => this.handle(envelope))) handled++;
      } catch (error) {
        this.logger.warn({ err: error, eventId: envelope.event_id, type: envelope.event.type }, 'a Slack event failed again; it is tried later');
      }
    }
    return handled;
  }

  private async work(envelope: SlackEventEnvelope): Promise<void> {
    const event = envelope.event;
    // Retries (Slack's and comms' own) deliver events out of order: a rename or an archive is recorded
    // only if it is newer than the one recorded, so an old one never overwrites a newer one. An event
    // without a time (Slack always sends one) is recorded as before, and leaves the recorded time alone.
    const at = slackEventTime(envelope);
    const newer = (column: string, param: string) => `(${param}::numeric IS NULL OR ${column} IS NULL OR ${column} < ${param}::numeric)`;
    const channelId = typeof event.channel === 'string' ? event.channel : event.channel?.id;
    switch (event.type) {
      case 'app_mention':
        if (event.user && channelId) await this.mentioned(event.user, channelId);
        break;
      case 'channel_rename':
        if (typeof event.channel === 'object')
          await this.dataSource.query(
            `UPDATE ${COMMS_SCHEMA}.war_rooms SET channel_name = $2, channel_name_event_ts = COALESCE($3::numeric, channel_name_event_ts) WHERE channel_id = $1 AND ${newer('channel_name_event_ts', '$3')}`,
            [event.channel.id, event.channel.name, at],
          );
        break;
      case 'channel_archive':
      case 'channel_unarchive':
        if (channelId)
          await this.dataSource.query(
            `UPDATE ${COMMS_SCHEMA}.war_rooms SET archived_at = ${event.type === 'channel_archive' ? 'now()' : 'NULL'}, archive_event_ts = COALESCE($2::numeric, archive_event_ts) WHERE channel_id = $1 AND ${newer('archive_event_ts', '$2')}`,
            [channelId, at],
          );
        break;
      default:
        this.logger.debug({ type: event.type }, 'a Slack event Sitrep does not subscribe to');
    }
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
