import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { DeadlineKind, SYSTEM_ACTOR, createEvent } from '@sitrep/contracts';
import { TransactionalOutbox } from '@sitrep/messaging';
import { COMMS_SCHEMA } from '../comms-schema';
import { DeliveryFailure } from '../channels/channel-adapter';
import { ProviderRateLimit } from '../channels/provider-rate-limit';
import { slackCallsFor } from '../channels/slack-call-purpose';
import { SlackWorkspace } from '../channels/slack-workspace';
import { retryDelayMs } from '../delivery/backoff';
import { S } from '../delivery/delivery-ledger';
import { warRoomChannelName } from './channel-name';
import { WAR_ROOM_RULES, incidentCard } from './war-room-texts';
import { returnedRows } from '../delivery/returned-rows';

const MAX_NAME_ATTEMPTS = 50;
const MAX_ATTEMPTS = 12;

interface WarRoomRow {
  incident_id: string;
  reference: string;
  title: string;
  severity: string;
  declared_at: Date;
  channel_id: string | null;
  rules_ts: string | null;
  rules_pinned: boolean;
  card_ts: string | null;
  card_pinned: boolean;
  clocks: { kind: DeadlineKind; dueAt: string }[];
  attempts: number;
}

/**
 * Opens war rooms: create the channel (trying -2, -3… when the name is taken), post and pin the rules,
 * post and pin the incident card, then mark the room ready so queued posts and invitations go out. Each
 * step is saved as it completes, so a retry (after a 429, or in another process after a crash) resumes
 * where the last one stopped. The one window left: a crash between Slack creating the channel and us
 * saving its id leaves an empty channel behind, and the retry opens the room as <name>-2.
 */
export class WarRoomOpener {
  constructor(
    private readonly dataSource: DataSource,
    private readonly slack: SlackWorkspace,
    private readonly limit: ProviderRateLimit,
    private readonly logger: Logger,
    private readonly ready: () => void,
  ) {}

  /** Opens (or resumes) one due war room; false when none is due. */
  openOne(): Promise<boolean> {
    return slackCallsFor('war room setup', () => this.openNext());
  }

  private async openNext(): Promise<boolean> {
    const rows = returnedRows<WarRoomRow>(await this.dataSource.query(
      `UPDATE ${S}.war_rooms SET lease_until = now() + interval '60 seconds', attempts = attempts + 1
       WHERE incident_id = (
         SELECT incident_id FROM ${S}.war_rooms
         WHERE state = 'pending' AND next_attempt_at <= now() AND (lease_until IS NULL OR lease_until < now())
         ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED)
       RETURNING incident_id, reference, title, severity, declared_at, channel_id, rules_ts, rules_pinned, card_ts, card_pinned, clocks, attempts`,
    ));
    if (rows.length === 0) return false;
    const room = rows[0];
    const save = (sql: string, params: unknown[]) => this.dataSource.query(`UPDATE ${S}.war_rooms SET ${sql} WHERE incident_id = $1`, [room.incident_id, ...params]);
    const call = <T>(work: () => Promise<T>) => this.limit.run(work);
    try {
      let channel = room.channel_id;
      if (!channel) {
        for (let attempt = 1; attempt <= MAX_NAME_ATTEMPTS && !channel; attempt++) {
          const name = warRoomChannelName(new Date(room.declared_at), room.title, attempt);
          const created = await call(() => this.slack.createChannel(name));
          if (created) {
            channel = created.id;
            await save(`channel_id = $2, channel_name = $3`, [created.id, created.name]);
            // The commander first: invited before anything is posted, when their Slack id is known already.
            const commander: { slack_user_id: string }[] = await this.dataSource.query(
              `SELECT p.slack_user_id FROM ${S}.war_room_roles r JOIN ${S}.people p ON p.id = r.person_id WHERE r.incident_id = $1 AND r.role = 'commander' AND p.slack_user_id IS NOT NULL`,
              [room.incident_id],
            );
            if (commander.length > 0) await this.slack.invite(created.id, [commander[0].slack_user_id]).catch((error) => this.logger.warn({ err: error }, 'could not invite the commander yet'));
            // People before posts: invitations waiting for this channel go now, before the rules are pinned.
            await this.dataSource.query(
              `UPDATE ${S}.deliveries SET next_attempt_at = now() WHERE state = 'pending' AND channel = 'slack' AND payload->>'kind' = 'slack_invite' AND payload->>'incidentId' = $1`,
              [room.incident_id],
            );
            this.ready();
          }
        }
        if (!channel) throw new DeliveryFailure(`no free channel name after ${MAX_NAME_ATTEMPTS} tries`, 'permanent', 'slack');
      }
      let rulesTs = room.rules_ts;
      if (!rulesTs) {
        rulesTs = (await call(() => this.slack.post(channel!, WAR_ROOM_RULES))).ts;
        await save(`rules_ts = $2`, [rulesTs]);
      }
      if (!room.rules_pinned) {
        await call(() => this.slack.pin(channel!, rulesTs!));
        await save(`rules_pinned = true`, []);
      }
      let cardTs = room.card_ts;
      if (!cardTs) {
        const card = incidentCard({ reference: room.reference, title: room.title, severity: room.severity, declaredAt: new Date(room.declared_at), clocks: room.clocks ?? [] });
        cardTs = (await call(() => this.slack.post(channel!, card))).ts;
        await save(`card_ts = $2`, [cardTs]);
      }
      if (!room.card_pinned) {
        await call(() => this.slack.pin(channel!, cardTs!));
        await save(`card_pinned = true`, []);
      }
      // The room is ready and incident-core hears of it in one transaction (its timeline, the post-mortem).
      await new TransactionalOutbox(this.dataSource, COMMS_SCHEMA, { wake: () => undefined }).run(async (manager, record) => {
        const [{ channel_name: channelName }] = returnedRows<{ channel_name: string }>(
          await manager.query(`UPDATE ${S}.war_rooms SET state = 'ready', lease_until = NULL, last_error = NULL WHERE incident_id = $1 RETURNING channel_name`, [room.incident_id]),
        );
        const openedAt = new Date();
        await record(createEvent('war_room.opened', { channelId: channel!, channelName, openedAt: openedAt.toISOString() }, { actor: SYSTEM_ACTOR, incidentId: room.incident_id, occurredAt: openedAt }));
      });
      // Posts that waited for the room go now rather than at their next backed-off try.
      await this.dataSource.query(
        `UPDATE ${S}.deliveries SET next_attempt_at = now() WHERE state = 'pending' AND channel = 'slack' AND (payload->>'incidentId' = $1 OR payload->'target'->>'warRoom' = $1)`,
        [room.incident_id],
      );
      this.logger.info({ incidentId: room.incident_id, channel }, 'war room open');
      this.ready();
    } catch (error) {
      const failure = error instanceof DeliveryFailure ? error : new DeliveryFailure((error as Error)?.message ?? String(error), 'transient', 'slack');
      const giveUp = failure.kind === 'permanent' || room.attempts >= MAX_ATTEMPTS;
      this.logger.warn({ incidentId: room.incident_id, err: failure.message, giveUp }, 'could not open the war room');
      await save(
        giveUp
          ? `state = 'failed', lease_until = NULL, last_error = $2`
          : `lease_until = NULL, last_error = $2, next_attempt_at = now() + ($3 || ' milliseconds')::interval`,
        giveUp ? [failure.message] : [failure.message, String(retryDelayMs(room.attempts, failure.retryAfterMs))],
      );
      // Posts waiting for this room learn it failed (and cancel themselves) on their next try.
      if (giveUp) this.ready();
    }
    return true;
  }
}
