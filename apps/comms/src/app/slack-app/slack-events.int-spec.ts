import { randomUUID } from 'node:crypto';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { migrate } from '@sitrep/persistence';
import { TestDatabase, createTestDatabase } from '@sitrep/testing';
import type { SlackWorkspace } from '../channels/slack-workspace';
import { COMMS_SCHEMA } from '../comms-schema';
import { commsDataSource } from '../data-source';
import type { CommandClient } from './command-client';
import { SlackEventEnvelope, SlackEvents } from './slack-events';
import { SLACK_TEXTS } from './slack-texts';

/** Slack as the handler sees it: each ephemeral post fails while `failures` lasts, or waits for `gate`. */
class EphemeralPosts {
  failures = 0;
  gate: Promise<void> | null = null;
  /** Called when a post starts (the event is claimed by then). */
  started: () => void = () => undefined;
  readonly posted: { channel: string; user: string; text: string }[] = [];
  readonly workspace = {
    emailOf: async () => null,
    postEphemeral: async (channel: string, user: string, text: string) => {
      this.started();
      if (this.gate) await this.gate;
      if (this.failures > 0) {
        this.failures--;
        throw new Error('slack: internal_error');
      }
      this.posted.push({ channel, user, text });
    },
  } as unknown as SlackWorkspace;
}

const nobodyOnTheRoster: CommandClient = { run: async () => ({ ok: false, status: 503, message: 'not asked' }), query: async () => null };

describe('Slack events whose handling fails', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let slack: EphemeralPosts;
  let events: SlackEvents;
  const mention = (): SlackEventEnvelope => ({ type: 'event_callback', event_id: `Ev${randomUUID()}`, event: { type: 'app_mention', user: 'U0STRANGER', channel: 'C0GENERAL', text: '<@U0SITREP> status' } });
  const row = async (eventId: string) => (await dataSource.query(`SELECT state, attempts, last_error FROM ${COMMS_SCHEMA}.slack_events WHERE event_id = $1`, [eventId]))[0];

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = commsDataSource(db.url);
    await migrate(dataSource, COMMS_SCHEMA);
    if (!dataSource.isInitialized) await dataSource.initialize();
  });

  beforeEach(() => {
    slack = new EphemeralPosts();
    events = new SlackEvents(dataSource, slack.workspace, nobodyOnTheRoster, pino({ level: 'silent' }));
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it("handles Slack's retry of an event whose handling failed, once", async () => {
    const envelope = mention();
    slack.failures = 1;
    await events.record(envelope);
    await expect(events.handle(envelope)).rejects.toThrow('slack: internal_error');
    expect(await row(envelope.event_id)).toEqual({ state: 'pending', attempts: 1, last_error: 'slack: internal_error' });
    // Slack's retry carries the same event_id: handled this time, and only this time.
    expect(await events.handle(envelope)).toBe(true);
    expect(await events.handle(envelope)).toBe(false);
    expect(slack.posted).toEqual([{ channel: 'C0GENERAL', user: 'U0STRANGER', text: SLACK_TEXTS.unknownUser }]);
    expect(await row(envelope.event_id)).toMatchObject({ state: 'done', attempts: 2 });
    expect(await events.retryDue()).toBe(0);
  });

  it('tries a failed event again itself when it is due, since Slack does not resend an acknowledged one', async () => {
    const envelope = mention();
    slack.failures = 1;
    await events.record(envelope);
    await expect(events.handle(envelope)).rejects.toThrow();
    // Not due yet: nothing is tried.
    expect(await events.retryDue()).toBe(0);
    await dataSource.query(`UPDATE ${COMMS_SCHEMA}.slack_events SET next_attempt_at = now() - interval '1 second' WHERE event_id = $1`, [envelope.event_id]);
    expect(await events.retryDue()).toBe(1);
    expect(await events.retryDue()).toBe(0);
    expect(slack.posted).toHaveLength(1);
    expect(await row(envelope.event_id)).toMatchObject({ state: 'done', attempts: 2 });
  });

  it("leaves an event in another replica's hands to it", async () => {
    const envelope = mention();
    let open!: () => void;
    slack.gate = new Promise<void>((ok) => (open = ok));
    const started = new Promise<void>((ok) => (slack.started = ok));
    const first = events.handle(envelope);
    await started;
    const other = new SlackEvents(dataSource, slack.workspace, nobodyOnTheRoster, pino({ level: 'silent' }));
    expect(await other.handle(envelope)).toBe(false);
    open();
    expect(await first).toBe(true);
    expect(slack.posted).toHaveLength(1);
  });

  it('gives up on an event that fails every time, saying why', async () => {
    const envelope = mention();
    slack.failures = Infinity;
    for (let attempt = 1; attempt <= 5; attempt++) await expect(events.handle(envelope)).rejects.toThrow();
    expect(await row(envelope.event_id)).toEqual({ state: 'failed', attempts: 5, last_error: 'slack: internal_error' });
    expect(await events.handle(envelope)).toBe(false);
    expect(slack.posted).toEqual([]);
  });
});

describe('Slack events about a war room that arrive out of order', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let events: SlackEvents;
  const channelId = 'C0WARROOM';
  const envelope = (event: SlackEventEnvelope['event'], eventTs: string | null, eventTime?: number): SlackEventEnvelope => ({
    type: 'event_callback',
    event_id: `Ev${randomUUID()}`,
    event_time: eventTime,
    event: eventTs === null ? event : { ...event, event_ts: eventTs },
  });
  const rename = (name: string, eventTs: string | null, eventTime?: number) => envelope({ type: 'channel_rename', channel: { id: channelId, name } }, eventTs, eventTime);
  const archive = (type: 'channel_archive' | 'channel_unarchive', eventTs: string) => envelope({ type, channel: channelId, user: 'U0ALICE' }, eventTs);
  const room = async (): Promise<{ channel_name: string; archived: boolean }> =>
    (await dataSource.query(`SELECT channel_name, archived_at IS NOT NULL AS archived FROM ${COMMS_SCHEMA}.war_rooms WHERE channel_id = $1`, [channelId]))[0];

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = commsDataSource(db.url);
    await migrate(dataSource, COMMS_SCHEMA);
    if (!dataSource.isInitialized) await dataSource.initialize();
    await dataSource.query(
      `INSERT INTO ${COMMS_SCHEMA}.war_rooms (incident_id, reference, title, severity, declared_at, base_name, channel_name, channel_id, state) VALUES ($1, 'INC-0042', 'Payments', 'P1', now(), 'incident-20261126-payments', 'incident-20261126-payments', $2, 'ready')`,
      [randomUUID(), channelId],
    );
    events = new SlackEvents(dataSource, new EphemeralPosts().workspace, nobodyOnTheRoster, pino({ level: 'silent' }));
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('never lets an older rename overwrite a newer name, to the microsecond', async () => {
    expect(await events.handle(rename('inc-42-payments-eu', '1764160100.000200'))).toBe(true);
    // Renamed earlier (a retry delivered late): handled, and the newer name stays.
    expect(await events.handle(rename('inc-42-payments', '1764160100.000100'))).toBe(true);
    expect((await room()).channel_name).toBe('inc-42-payments-eu');
    expect(await events.handle(rename('inc-42-payments-emea', '1764160100.000300'))).toBe(true);
    expect((await room()).channel_name).toBe('inc-42-payments-emea');
  });

  it("goes by the envelope's event_time when the event carries no event_ts", async () => {
    expect(await events.handle(rename('inc-42-older', null, 1764160000))).toBe(true);
    expect((await room()).channel_name).toBe('inc-42-payments-emea');
    expect(await events.handle(rename('inc-42-later', null, 1764160200))).toBe(true);
    expect((await room()).channel_name).toBe('inc-42-later');
  });

  it('keeps the latest of archive and unarchive, whatever order they arrive in', async () => {
    // Unarchived after being archived, delivered the other way round: the room stays unarchived.
    expect(await events.handle(archive('channel_unarchive', '1764160300.000002'))).toBe(true);
    expect(await events.handle(archive('channel_archive', '1764160300.000001'))).toBe(true);
    expect((await room()).archived).toBe(false);
    expect(await events.handle(archive('channel_archive', '1764160400.000000'))).toBe(true);
    expect((await room()).archived).toBe(true);
    expect(await events.handle(archive('channel_unarchive', '1764160399.999999'))).toBe(true);
    expect((await room()).archived).toBe(true);
  });
});
