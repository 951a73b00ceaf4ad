import type { DataSource, EntityManager } from 'typeorm';
import { DeliveryChannel } from '../channels/channel-adapter';
import { returnedRows } from './returned-rows';

/** What a claimed row carries to the worker: the row, and its subscriber as it is now. */
export interface ClaimedDelivery {
  id: string;
  communicationId: string | null;
  subscriberId: string | null;
  channel: DeliveryChannel;
  purpose: 'notification' | 'confirmation' | 'internal';
  destination: string | null;
  payload: DeliveryPayload | null;
  attempts: number;
  subscriberState: 'pending' | 'confirmed' | 'unsubscribed' | null;
  subscriberDestination: string | null;
  /** The incident an internal notice is about (its messages to people name it); null for the rest. */
  incidentId: string | null;
  /** Local time after which this worker must not send the row any more: its lease may have passed to another. */
  sendBy: number;
  /** An earlier attempt may have reached the vendor unrecorded (see DeliveriesInDoubt): ask before sending again. */
  inDoubt: boolean;
  createdAt: Date;
}

/** Content of rows that are not customer notifications (those are rendered from their communication). */
export type DeliveryPayload =
  | { kind: 'confirm_email'; link: string }
  | { kind: 'confirm_sms'; code: string }
  | { kind: 'slack_post'; target: { warRoom: string } | { person: string } | { channel: string }; text: string; blocks?: Record<string, unknown>[] }
  | { kind: 'slack_invite'; incidentId: string; personId: string }
  | { kind: 'sms_page'; personId: string; text: string }
  | { kind: 'email_notice'; personId: string; subject: string; text: string; ics?: string };

export interface NewInternalDelivery {
  channel: DeliveryChannel;
  purpose: 'confirmation' | 'internal';
  subscriberId?: string | null;
  payload: DeliveryPayload;
  /** Unique: a second enqueue with the same key is a no-op (a redelivered event, a retried request). */
  dedupeKey: string;
  /** Not before (for reminders, or ordering after another row). */
  notBefore?: Date;
  /** The incident the notice is about: a message to a person names it, and its outcome reaches the timeline. */
  incidentId?: string | null;
  /** What the notice is, as the timeline says it (e.g. "executive update"); needed with incidentId. */
  notice?: NoticeKind;
}

/** The internal notices whose outcome incident-core's timeline records (the post-mortem's facts). */
export type NoticeKind =
  | 'commander page'
  | 'sponsor page'
  | 'executive update'
  | 'executive summary'
  | 'missed clock'
  | 'clock reminder'
  | 'escalation'
  | 'role change'
  | 'war room invitation'
  | 'published update'
  | 'possible recurrence'
  | 'approval request'
  | 'action item reminder'
  | 'review invitation';

export type DeliveryOutcome =
  | { id: string; result: 'sent'; provider: string; providerMessageId: string | null }
  /** inDoubt: the vendor may have sent it anyway (no answer after the request went out). */
  | { id: string; result: 'retry'; delayMs: number; error: string; inDoubt?: boolean }
  | { id: string; result: 'failed'; error: string }
  | { id: string; result: 'cancelled'; error: string };

export const S = 'comms';

/**
 * People before posts: on Slack a war room's invitations are claimed ahead of everything else due, then
 * in the order they were queued (the commander, assigned at declaration, first). Slack's rows are few, so
 * sorting on the payload costs nothing; email and SMS keep the plain index order.
 */
const SLACK_ORDER = `(payload->>'kind' = 'slack_invite') IS TRUE DESC, next_attempt_at, created_at`;

/** Adds rows for messages that are not a communication's fan-out, in the caller's transaction. */
export async function enqueueDeliveries(manager: EntityManager | DataSource, rows: NewInternalDelivery[]): Promise<void> {
  for (const row of rows) {
    await manager.query(
      `INSERT INTO ${S}.deliveries (subscriber_id, channel, purpose, payload, dedupe_key, next_attempt_at, incident_id, notice)
       VALUES ($1, $2, $3, $4, $5, coalesce($6::timestamptz, now()), $7, $8)
       ON CONFLICT (dedupe_key) DO NOTHING`,
      [row.subscriberId ?? null, row.channel, row.purpose, JSON.stringify(row.payload), row.dedupeKey, row.notBefore?.toISOString() ?? null, row.incidentId ?? null, row.incidentId ? (row.notice ?? null) : null],
    );
  }
}

/**
 * The delivery ledger's statements. Every one is a single auto-committed statement: no transaction is
 * held across a send (on PGlite an open transaction stalls every other connection).
 */
export class DeliveryLedger {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Claims due rows of one channel with FOR UPDATE SKIP LOCKED and a lease, in one statement: concurrent
   * workers never get the same row, and a worker that dies leaves rows that come back when the lease ends.
   */
  async claim(channel: DeliveryChannel, limit: number, workerId: string, leaseMs: number): Promise<ClaimedDelivery[]> {
    const claimedAt = Date.now();
    const rows: {
      id: string;
      communication_id: string | null;
      subscriber_id: string | null;
      channel: DeliveryChannel;
      purpose: ClaimedDelivery['purpose'];
      destination: string | null;
      payload: DeliveryPayload | null;
      attempts: number;
      subscriber_state: ClaimedDelivery['subscriberState'];
      subscriber_destination: string | null;
      incident_id: string | null;
      in_doubt: boolean;
      created_at: Date;
    }[] = await this.dataSource.query(
      `WITH due AS (
         SELECT id FROM ${S}.deliveries
         WHERE state = 'pending' AND channel = $1 AND next_attempt_at <= now()
         ORDER BY ${channel === 'slack' ? SLACK_ORDER : 'next_attempt_at'}
         LIMIT $2
         FOR UPDATE SKIP LOCKED
       ), claimed AS (
         UPDATE ${S}.deliveries d
         SET state = 'sending', lease_until = now() + ($3 || ' milliseconds')::interval, claimed_by = $4, attempts = d.attempts + 1
         FROM due WHERE d.id = due.id
         RETURNING d.id, d.communication_id, d.subscriber_id, d.channel, d.purpose, d.destination, d.payload, d.attempts, d.next_attempt_at, d.incident_id, d.in_doubt, d.created_at
       )
       SELECT c.id, c.communication_id, c.subscriber_id, c.channel, c.purpose, c.destination, c.payload, c.attempts, c.incident_id, c.in_doubt, c.created_at,
              s.state AS subscriber_state, s.destination AS subscriber_destination
       FROM claimed c LEFT JOIN ${S}.subscribers s ON s.id = c.subscriber_id
       ORDER BY c.next_attempt_at`,
      [channel, limit, String(leaseMs), workerId],
    );
    // A margin for the statement's own time and clock drift between us and the database.
    const sendBy = claimedAt + leaseMs - Math.min(5_000, leaseMs / 5);
    return rows.map((r) => ({
      id: r.id,
      communicationId: r.communication_id,
      subscriberId: r.subscriber_id,
      channel: r.channel,
      purpose: r.purpose,
      destination: r.destination,
      payload: r.payload,
      attempts: r.attempts,
      subscriberState: r.subscriber_state,
      subscriberDestination: r.subscriber_destination,
      incidentId: r.incident_id,
      sendBy,
      inDoubt: r.in_doubt,
      createdAt: new Date(r.created_at),
    }));
  }

  /** Rows whose worker died (or stalled past the lease) go back to pending. Returns how many. */
  async releaseExpiredLeases(): Promise<number> {
    const rows = returnedRows(await this.dataSource.query(
      `UPDATE ${S}.deliveries SET state = 'pending', lease_until = NULL, claimed_by = NULL, last_error = coalesce(last_error, 'lease expired'), in_doubt = true
       WHERE state = 'sending' AND lease_until < now() RETURNING id`,
    ));
    return rows.length;
  }

  /**
   * Records outcomes in at most four statements. Each only touches rows this worker still holds
   * (state 'sending', claimed_by us): a row whose lease passed to another worker is not overwritten.
   */
  async record(outcomes: DeliveryOutcome[], workerId: string): Promise<void> {
    const sent = outcomes.filter((o): o is Extract<DeliveryOutcome, { result: 'sent' }> => o.result === 'sent');
    const retry = outcomes.filter((o): o is Extract<DeliveryOutcome, { result: 'retry' }> => o.result === 'retry');
    const ended = outcomes.filter((o): o is Extract<DeliveryOutcome, { result: 'failed' | 'cancelled' }> => o.result === 'failed' || o.result === 'cancelled');
    if (sent.length > 0) {
      // A confirmation's payload holds a live link or code: it is not kept once sent.
      await this.dataSource.query(
        `UPDATE ${S}.deliveries d SET state = 'sent', sent_at = now(), lease_until = NULL, last_error = NULL, provider = u.provider,
           provider_message_id = u.pmid, payload = CASE WHEN d.purpose = 'confirmation' THEN NULL ELSE d.payload END
         FROM unnest($1::uuid[], $2::text[], $3::text[]) AS u(id, provider, pmid)
         WHERE d.id = u.id AND d.state = 'sending' AND d.claimed_by = $4`,
        [sent.map((o) => o.id), sent.map((o) => o.provider), sent.map((o) => o.providerMessageId), workerId],
      );
    }
    if (retry.length > 0) {
      await this.dataSource.query(
        `UPDATE ${S}.deliveries d SET state = 'pending', lease_until = NULL, claimed_by = NULL, last_error = u.error,
           next_attempt_at = now() + (u.delay || ' milliseconds')::interval, in_doubt = d.in_doubt OR u.in_doubt
         FROM unnest($1::uuid[], $2::text[], $3::text[], $5::boolean[]) AS u(id, delay, error, in_doubt)
         WHERE d.id = u.id AND d.state = 'sending' AND d.claimed_by = $4`,
        [retry.map((o) => o.id), retry.map((o) => String(o.delayMs)), retry.map((o) => o.error.slice(0, 1000)), workerId, retry.map((o) => o.inDoubt ?? false)],
      );
    }
    if (ended.length > 0) {
      await this.dataSource.query(
        `UPDATE ${S}.deliveries d SET state = u.state, lease_until = NULL, last_error = u.error,
           payload = CASE WHEN d.purpose = 'confirmation' THEN NULL ELSE d.payload END
         FROM unnest($1::uuid[], $2::text[], $3::text[]) AS u(id, state, error)
         WHERE d.id = u.id AND d.state = 'sending' AND d.claimed_by = $4`,
        [ended.map((o) => o.id), ended.map((o) => o.result), ended.map((o) => o.error.slice(0, 1000)), workerId],
      );
    }
  }

  /** Per channel: sent, pending (incl. in flight), failed (incl. cancelled) for one communication. */
  async progress(communicationId: string): Promise<Record<string, { sent: number; pending: number; failed: number; cancelled: number }>> {
    const rows: { channel: string; state: string; n: number }[] = await this.dataSource.query(
      `SELECT channel, state, count(*)::int AS n FROM ${S}.deliveries WHERE communication_id = $1 GROUP BY channel, state`,
      [communicationId],
    );
    return countsByChannel(rows);
  }
}

export function countsByChannel(rows: { channel: string; state: string; n: number }[]) {
  const out: Record<string, { sent: number; pending: number; failed: number; cancelled: number }> = {};
  for (const row of rows) {
    const c = (out[row.channel] ??= { sent: 0, pending: 0, failed: 0, cancelled: 0 });
    if (row.state === 'sent') c.sent += row.n;
    else if (row.state === 'pending' || row.state === 'sending') c.pending += row.n;
    else if (row.state === 'failed') c.failed += row.n;
    else c.cancelled += row.n;
  }
  return out;
}
