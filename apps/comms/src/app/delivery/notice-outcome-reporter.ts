import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { Actor, Channel, createEvent } from '@sitrep/contracts';
import { TransactionalOutbox } from '@sitrep/messaging';
import { DeliveryPayload, S } from './delivery-ledger';

const COMMS_ACTOR: Actor = { kind: 'system', id: 'comms' };

interface EndedNotice {
  id: string;
  incident_id: string;
  notice: string | null;
  channel: Channel;
  state: 'sent' | 'failed' | 'cancelled';
  payload: DeliveryPayload | null;
  last_error: string | null;
  sent_at: Date | null;
  dedupe_key: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Internal notices are keyed "<event id>:<what>": the event they answer. */
export function sourceEventOf(dedupeKey: string | null): string | null {
  const head = dedupeKey?.split(':')[0] ?? '';
  return UUID.test(head) ? head : null;
}

/** The person a notice was addressed to, if it went to a person rather than a channel. */
export function noticeRecipient(payload: DeliveryPayload | null): string | null {
  if (!payload) return null;
  if (payload.kind === 'slack_post') return 'person' in payload.target ? payload.target.person : null;
  if (payload.kind === 'sms_page' || payload.kind === 'email_notice' || payload.kind === 'slack_invite') return payload.personId;
  return null;
}

/**
 * What incident-core's timeline hears of: every notice that reached a person (the facts behind "the sponsor
 * was kept informed"), and every notice that did not go out, to a person or to the war room (a trace of a
 * Slack call that failed for good). A war-room post that went out is visible in the war room itself.
 */
export function reportsOutcome(state: EndedNotice['state'], payload: DeliveryPayload | null): boolean {
  return state !== 'sent' || (noticeRecipient(payload) !== null && payload?.kind !== 'slack_invite');
}

/**
 * Publishes `war_room.notice_outcome` through comms' outbox once per ended notice about an incident, in
 * the same transaction as the flag that says it was (rows locked SKIP LOCKED, so processes share the work).
 */
export class NoticeOutcomeReporter {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: TransactionalOutbox,
    private readonly logger: Logger,
  ) {}

  /** Reports what ended; returns how many events were recorded. */
  async reportDue(): Promise<number> {
    return this.outbox.run(async (manager, record) => {
      const rows: EndedNotice[] = await manager.query(
        `SELECT id, incident_id, notice, channel, state, payload, last_error, sent_at, dedupe_key FROM ${S}.deliveries
         WHERE incident_id IS NOT NULL AND reported_at IS NULL AND state IN ('sent', 'failed', 'cancelled')
         ORDER BY created_at LIMIT 100 FOR UPDATE SKIP LOCKED`,
      );
      let recorded = 0;
      for (const row of rows) {
        if (row.state !== 'sent') this.logger.warn({ incidentId: row.incident_id, delivery: row.id, notice: row.notice, channel: row.channel, err: row.last_error }, 'an incident notice was not delivered');
        if (!reportsOutcome(row.state, row.payload)) continue;
        const personId = noticeRecipient(row.payload);
        const [person]: { name: string }[] = personId ? await manager.query(`SELECT name FROM ${S}.people WHERE id = $1`, [personId]) : [];
        const at = row.sent_at ?? new Date();
        await record(
          createEvent(
            'war_room.notice_outcome',
            { deliveryId: row.id, sourceEventId: sourceEventOf(row.dedupe_key), notice: row.notice ?? 'notice', channel: row.channel, personId, personName: person?.name ?? null, outcome: row.state, error: row.last_error, at: at.toISOString() },
            { actor: COMMS_ACTOR, incidentId: row.incident_id, occurredAt: at },
          ),
        );
        recorded++;
      }
      if (rows.length > 0) await manager.query(`UPDATE ${S}.deliveries SET reported_at = now() WHERE id = ANY($1::uuid[])`, [rows.map((r) => r.id)]);
      return recorded;
    });
  }
}
