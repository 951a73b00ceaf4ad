import { BadRequestException, HttpException, HttpStatus, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import type { Clock } from '@sitrep/clock';
import type { CommsConfig } from '../../config/comms-config';
import { enqueueDeliveries } from '../delivery/delivery-ledger';
import { CODE_TTL_MS, CodeCheck, checkCode, generateCode, hashCode } from './confirmation-code';
import { Destination, maskDestination, parseEmail, parsePhone } from './destination';
import { PublicRateLimits } from './public-rate-limits';
import { TOKEN_PROBLEMS, TokenSigner } from './signed-token';
import { subscriberLinks } from './subscriber-links';
import { ListSubscribersQuery, SubscribeBody } from './subscribers.schemas';
import { returnedRows } from '../delivery/returned-rows';

const HOUR = 60 * 60 * 1000;

export interface SubscribersServiceDeps {
  dataSource: DataSource;
  clock: Clock;
  signer: TokenSigner;
  /** Key of the SMS code hashes (the signing secret). */
  codeSecret: string;
  limits: CommsConfig['limits'];
  publicUrl: string;
  /** Subscriber channels that can send right now. */
  channels: () => ('email' | 'sms')[];
  /** A confirmation was queued: wake this process's worker. */
  queued: (channel: 'email' | 'sms') => void;
}

export interface SubscriberView {
  id: string;
  channel: 'email' | 'sms';
  destination: string;
  country: string | null;
  state: 'pending' | 'confirmed' | 'unsubscribed';
  allComponents: boolean;
  componentIds: string[];
  createdAt: string;
  confirmedAt: string | null;
  unsubscribedAt: string | null;
  unsubscribeReason: string | null;
}

interface SubscriberRow {
  id: string;
  channel: 'email' | 'sms';
  destination: string;
  country: string | null;
  state: SubscriberView['state'];
  all_components: boolean;
  component_ids: string[] | null;
  created_at: Date;
  confirmed_at: Date | null;
  unsubscribed_at: Date | null;
  unsubscribe_reason: string | null;
}

function badRequest(field: string, reason: string): BadRequestException {
  return new BadRequestException({ statusCode: 400, error: 'Bad Request', message: `${field}: ${reason}`, fields: [{ field, reason }] });
}

export class TooManyRequests extends HttpException {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super({ statusCode: 429, error: 'Too Many Requests', message, retryAfterSeconds }, HttpStatus.TOO_MANY_REQUESTS);
  }
}

/**
 * Subscriptions: double opt-in by email link or SMS code, a way out of every message, and the admin's
 * list, export and erasure. Nobody who has not confirmed gets anything but the confirmation itself.
 */
export class SubscribersService {
  constructor(private readonly deps: SubscribersServiceDeps) {}

  /** Validates, rate-limits, records the request and queues the confirmation. Says nothing of whether the address was known. */
  async subscribe(body: SubscribeBody, ip: string): Promise<{ status: 'confirmation_sent'; channel: 'email' | 'sms'; destination: string }> {
    const parsed = body.email !== undefined ? parseEmail(body.email) : parsePhone(body.phone!);
    if (!parsed.ok) throw badRequest(parsed.field, parsed.reason);
    const destination = parsed.destination;
    if (!this.deps.channels().includes(destination.channel)) {
      throw new ServiceUnavailableException(`${destination.channel === 'email' ? 'email' : 'SMS'} subscriptions are not available: no ${destination.channel === 'email' ? 'email' : 'SMS'} provider is configured`);
    }
    if (destination.channel === 'sms' && this.deps.limits.smsAllowedCountries && !this.deps.limits.smsAllowedCountries.includes(destination.country ?? '')) {
      throw badRequest('phone', `text messages to ${destination.country ?? 'this country'} are not offered; subscribe by email instead`);
    }
    const componentIds = [...new Set(body.componentIds ?? [])];
    if (componentIds.length > 0) {
      const known: { id: string }[] = await this.deps.dataSource.query(`SELECT id FROM comms.known_components WHERE id = ANY($1::uuid[])`, [componentIds]);
      const unknown = componentIds.filter((id) => !known.some((k) => k.id === id));
      if (unknown.length > 0) throw badRequest('componentIds', `unknown component${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`);
    }
    await this.enforceLimits(destination, ip);

    const now = this.deps.clock.now();
    const channel = await this.deps.dataSource.transaction(async (manager) => {
      const [row]: { id: string; request_version: number }[] = await manager.query(
        `INSERT INTO comms.subscribers (channel, destination, country, state, all_components, requested_all_components, requested_component_ids, created_at, requested_at)
         VALUES ($1, $2, $3, 'pending', $4, $4, $5::uuid[], $6, $6)
         ON CONFLICT (channel, destination) DO UPDATE SET
           requested_all_components = EXCLUDED.requested_all_components,
           requested_component_ids = EXCLUDED.requested_component_ids,
           request_version = comms.subscribers.request_version + 1,
           requested_at = EXCLUDED.requested_at,
           state = CASE WHEN comms.subscribers.state = 'unsubscribed' THEN 'pending' ELSE comms.subscribers.state END
         RETURNING id, request_version`,
        [destination.channel, destination.address, destination.channel === 'sms' ? destination.country : null, componentIds.length === 0, componentIds, now.toISOString()],
      );
      if (destination.channel === 'email') {
        const link = subscriberLinks(this.deps.publicUrl).confirm(this.deps.signer, row.id, row.request_version, now);
        await enqueueDeliveries(manager, [{ channel: 'email', purpose: 'confirmation', subscriberId: row.id, payload: { kind: 'confirm_email', link }, dedupeKey: `confirm:${row.id}:${row.request_version}` }]);
      } else {
        const code = generateCode();
        await manager.query(`UPDATE comms.subscribers SET code_hash = $2, code_expires_at = $3, code_attempts = 0 WHERE id = $1`, [
          row.id,
          hashCode(this.deps.codeSecret, row.id, code),
          new Date(now.getTime() + CODE_TTL_MS).toISOString(),
        ]);
        await enqueueDeliveries(manager, [{ channel: 'sms', purpose: 'confirmation', subscriberId: row.id, payload: { kind: 'confirm_sms', code }, dedupeKey: `confirm:${row.id}:${row.request_version}` }]);
      }
      return destination.channel;
    });
    this.deps.queued(channel);
    return { status: 'confirmation_sent', channel, destination: maskDestination(channel, destination.address) };
  }

  private async enforceLimits(destination: Destination, ip: string): Promise<void> {
    const { limits } = this.deps;
    const rate = new PublicRateLimits(this.deps.dataSource, this.deps.clock);
    const checks = [
      () => rate.consume(PublicRateLimits.hashed('ip', ip), limits.perIpPerHour, HOUR, 'subscription requests from your address'),
      () => rate.consume(PublicRateLimits.hashed('dest', `${destination.channel}:${destination.address}`), limits.perDestinationPerHour, HOUR, 'confirmations to this address'),
    ];
    if (destination.channel === 'sms') {
      // SMS pumping: fraudsters request texts to premium number ranges they are paid for. Cap per
      // country and per number range (the first digits after the country code), not only per number.
      checks.push(() => rate.consume(`sms-country:${destination.country ?? 'unknown'}`, limits.smsPerCountryPerHour, HOUR, `text messages to ${destination.country ?? 'this country'}`));
      checks.push(() => rate.consume(`sms-range:${destination.address.slice(0, -4)}`, Math.max(3, Math.ceil(limits.smsPerCountryPerHour / 20)), HOUR, 'text messages to this number range'));
      // And a ceiling for all of them together, checked last so that requests refused above do not use it up.
      checks.push(() => rate.consume('sms-global', limits.smsPerHour, HOUR, 'text message subscriptions just now'));
    }
    for (const check of checks) {
      const result = await check();
      if (!result.allowed) throw new TooManyRequests(`too many ${result.what}; try again in ${Math.ceil(result.retryAfterSeconds / 60)} minutes`, result.retryAfterSeconds);
    }
  }

  /** The email link. Errors name what is wrong with the link in words a subscriber understands. */
  async confirmByToken(token: string): Promise<{ status: 'confirmed'; channel: 'email' | 'sms' }> {
    const check = this.deps.signer.verify(token, 'confirm', this.deps.clock.now());
    if (!check.ok) throw badRequest('token', TOKEN_PROBLEMS[check.reason]);
    const confirmed = await this.deps.dataSource.transaction(async (manager) => {
      const rows: { id: string; channel: 'email' | 'sms'; request_version: number; state: string }[] = await manager.query(
        `SELECT id, channel, request_version, state FROM comms.subscribers WHERE id = $1 FOR UPDATE`,
        [check.claims.subscriberId],
      );
      if (rows.length === 0) throw new NotFoundException('this subscription no longer exists; subscribe again');
      if (rows[0].request_version !== check.claims.version) {
        throw new HttpException({ statusCode: 409, error: 'Conflict', message: 'a newer confirmation was sent after this one (or you unsubscribed since); use the latest link' }, 409);
      }
      await this.applyRequest(manager, rows[0].id);
      return rows[0];
    });
    return { status: 'confirmed', channel: confirmed.channel };
  }

  /** The SMS code. A wrong, expired or unknown code gets the same answer, so numbers cannot be probed. */
  async confirmByCode(phone: string, code: string): Promise<{ status: 'confirmed'; channel: 'sms' }> {
    const parsed = parsePhone(phone);
    if (!parsed.ok) throw badRequest(parsed.field, parsed.reason);
    const now = this.deps.clock.now();
    // The transaction always commits (a wrong guess must stay counted); the answer is decided after.
    const outcome = await this.deps.dataSource.transaction(async (manager): Promise<CodeCheck> => {
      // Count the guess before comparing, under the row lock: parallel guesses cannot exceed the limit.
      const rows = returnedRows<{ id: string; code_hash: string | null; code_expires_at: Date | null; code_attempts: number }>(await manager.query(
        `UPDATE comms.subscribers SET code_attempts = code_attempts + 1
         WHERE channel = 'sms' AND destination = $1 AND code_hash IS NOT NULL
         RETURNING id, code_hash, code_expires_at, code_attempts`,
        [parsed.destination.address],
      ));
      if (rows.length === 0) return 'none';
      const row = rows[0];
      const result = checkCode({ secret: this.deps.codeSecret, subscriberId: row.id, code, storedHash: row.code_hash, expiresAt: row.code_expires_at, attemptsSoFar: row.code_attempts - 1, now });
      if (result === 'ok') await this.applyRequest(manager, row.id);
      else if (result === 'exhausted' || result === 'expired') await manager.query(`UPDATE comms.subscribers SET code_hash = NULL, code_expires_at = NULL WHERE id = $1`, [row.id]);
      return result;
    });
    if (outcome === 'ok') return { status: 'confirmed', channel: 'sms' };
    if (outcome === 'exhausted') throw badRequest('code', 'too many wrong codes; subscribe again to get a new one');
    throw badRequest('code', 'the code is wrong or has expired');
  }

  /** Applies the pending request: confirmed, with the components it asked for. */
  private async applyRequest(manager: EntityManager, id: string): Promise<void> {
    await manager.query(
      `UPDATE comms.subscribers SET state = 'confirmed', confirmed_at = $2, all_components = requested_all_components,
         code_hash = NULL, code_expires_at = NULL, unsubscribed_at = NULL, unsubscribe_reason = NULL
       WHERE id = $1`,
      [id, this.deps.clock.now().toISOString()],
    );
    await manager.query(`DELETE FROM comms.subscriber_components WHERE subscriber_id = $1`, [id]);
    await manager.query(
      `INSERT INTO comms.subscriber_components (subscriber_id, component_id)
       SELECT id, unnest(requested_component_ids) FROM comms.subscribers WHERE id = $1 AND NOT requested_all_components`,
      [id],
    );
  }

  /** One-click or link unsubscribe. Idempotent, and the same answer whether or not the subscription still exists. */
  async unsubscribeByToken(token: string, how: string): Promise<{ status: 'unsubscribed' }> {
    const check = this.deps.signer.verify(token, 'unsubscribe', this.deps.clock.now());
    if (!check.ok) throw badRequest('token', TOKEN_PROBLEMS[check.reason]);
    await this.unsubscribe(`id = $1`, [check.claims.subscriberId], how);
    return { status: 'unsubscribed' };
  }

  /** For the unsubscribe page: is this a link we issued, still valid? */
  checkUnsubscribeToken(token: string): { ok: true } | { ok: false; message: string } {
    const check = this.deps.signer.verify(token, 'unsubscribe', this.deps.clock.now());
    return check.ok ? { ok: true } : { ok: false, message: TOKEN_PROBLEMS[check.reason] };
  }

  /** STOP by text message (Twilio's inbound webhook). Returns whether a subscription ended. */
  async unsubscribePhone(phone: string, how: string): Promise<boolean> {
    const parsed = parsePhone(phone);
    const address = parsed.ok ? parsed.destination.address : phone.trim();
    return (await this.unsubscribe(`channel = 'sms' AND destination = $1`, [address], how)) > 0;
  }

  private async unsubscribe(where: string, params: unknown[], how: string): Promise<number> {
    // The request version moves on: a confirmation link or code sent before this no longer works.
    const rows = returnedRows<{ id: string }>(await this.deps.dataSource.query(
      `UPDATE comms.subscribers SET state = 'unsubscribed', unsubscribed_at = $${params.length + 1}, unsubscribe_reason = $${params.length + 2},
         request_version = request_version + 1, code_hash = NULL, code_expires_at = NULL
       WHERE ${where} AND state <> 'unsubscribed' RETURNING id`,
      [...params, this.deps.clock.now().toISOString(), how],
    ));
    return rows.length;
  }

  async list(query: ListSubscribersQuery): Promise<{ subscribers: SubscriberView[]; next: string | null }> {
    const conditions: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      conditions.push(sql.replace('?', `$${params.length}`));
    };
    if (query.q) add(`s.destination ILIKE ?`, `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    if (query.state) add(`s.state = ?`, query.state);
    if (query.channel) add(`s.channel = ?`, query.channel);
    if (query.after) add(`s.id > ?`, query.after);
    params.push(query.limit + 1);
    const rows: SubscriberRow[] = await this.deps.dataSource.query(
      `SELECT s.*, (SELECT array_agg(component_id ORDER BY component_id) FROM comms.subscriber_components sc WHERE sc.subscriber_id = s.id) AS component_ids
       FROM comms.subscribers s ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
       ORDER BY s.id LIMIT $${params.length}`,
      params,
    );
    const page = rows.slice(0, query.limit);
    return { subscribers: page.map(view), next: rows.length > query.limit ? page[page.length - 1].id : null };
  }

  async get(id: string): Promise<SubscriberView> {
    const rows: SubscriberRow[] = await this.deps.dataSource.query(
      `SELECT s.*, (SELECT array_agg(component_id ORDER BY component_id) FROM comms.subscriber_components sc WHERE sc.subscriber_id = s.id) AS component_ids
       FROM comms.subscribers s WHERE s.id = $1`,
      [id],
    );
    if (rows.length === 0) throw new NotFoundException(`no subscriber ${id}`);
    return view(rows[0]);
  }

  /** Every subscriber as CSV, read in pages (keyset) so the export never holds the whole list. */
  async *exportCsv(pageSize = 1000): AsyncGenerator<string> {
    yield 'id,channel,destination,country,state,components,created_at,confirmed_at,unsubscribed_at,unsubscribe_reason\r\n';
    let after: string | undefined;
    for (;;) {
      const { subscribers, next } = await this.list({ limit: pageSize, after, q: undefined, state: undefined, channel: undefined });
      yield subscribers
        .map((s) =>
          [s.id, s.channel, s.destination, s.country ?? '', s.state, s.allComponents ? 'all' : s.componentIds.join(' '), s.createdAt, s.confirmedAt ?? '', s.unsubscribedAt ?? '', s.unsubscribeReason ?? '']
            .map(csvField)
            .join(','),
        )
        .map((line) => `${line}\r\n`)
        .join('');
      if (!next) return;
      after = next;
    }
  }

  /**
   * Erasure: the subscriber row and their component choices go; delivery rows keep their counts but lose
   * the link to the person (subscriber_id set to NULL), and any unsent message to them is cancelled.
   */
  async erase(id: string): Promise<void> {
    await this.deps.dataSource.transaction(async (manager) => {
      await manager.query(
        `UPDATE comms.deliveries SET state = 'cancelled', last_error = 'subscriber erased', payload = NULL, lease_until = NULL
         WHERE subscriber_id = $1 AND state = 'pending'`,
        [id],
      );
      await manager.query(`UPDATE comms.deliveries SET payload = NULL WHERE subscriber_id = $1`, [id]);
      const deleted = returnedRows(await manager.query(`DELETE FROM comms.subscribers WHERE id = $1 RETURNING id`, [id]));
      if (deleted.length === 0) throw new NotFoundException(`no subscriber ${id}`);
    });
  }
}

function view(row: SubscriberRow): SubscriberView {
  return {
    id: row.id,
    channel: row.channel,
    destination: row.destination,
    country: row.country,
    state: row.state,
    allComponents: row.all_components,
    componentIds: row.component_ids ?? [],
    createdAt: new Date(row.created_at).toISOString(),
    confirmedAt: row.confirmed_at ? new Date(row.confirmed_at).toISOString() : null,
    unsubscribedAt: row.unsubscribed_at ? new Date(row.unsubscribed_at).toISOString() : null,
    unsubscribeReason: row.unsubscribe_reason,
  };
}

/** RFC 4180 quoting, and a leading ' on values a spreadsheet would run as a formula. */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
