import pino from 'pino';
import type { DataSource } from 'typeorm';
import type { SitrepEvent } from '@sitrep/contracts';
import type { TransactionalOutbox } from '@sitrep/messaging';
import { NoticeOutcomeReporter, noticeRecipient, reportsOutcome } from './notice-outcome-reporter';

describe('which notice outcomes reach the timeline', () => {
  const dm = { kind: 'slack_post' as const, target: { person: 'p1' }, text: 't' };
  const post = { kind: 'slack_post' as const, target: { warRoom: 'i1' }, text: 't' };
  it('reports what reached a person, and whatever failed', () => {
    expect(reportsOutcome('sent', dm)).toBe(true);
    expect(reportsOutcome('sent', { kind: 'email_notice', personId: 'p1', subject: 's', text: 't' })).toBe(true);
    expect(reportsOutcome('sent', post)).toBe(false);
    expect(reportsOutcome('failed', post)).toBe(true);
    expect(reportsOutcome('cancelled', post)).toBe(true);
    expect(reportsOutcome('sent', { kind: 'slack_invite', incidentId: 'i1', personId: 'p1' })).toBe(false);
  });

  it('names the person a notice was addressed to', () => {
    expect(noticeRecipient(dm)).toBe('p1');
    expect(noticeRecipient(post)).toBeNull();
    expect(noticeRecipient({ kind: 'sms_page', personId: 'p2', text: 't' })).toBe('p2');
  });
});

describe('a notice that failed for good', () => {
  it('is logged as not delivered, with the incident, the notice and the Slack error, and reported for the timeline once', async () => {
    const logged: Record<string, unknown>[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => void logged.push(JSON.parse(line)) });
    const [delivery, incident] = [crypto.randomUUID(), crypto.randomUUID()];
    const row = { id: delivery, incident_id: incident, notice: 'possible recurrence', channel: 'slack', state: 'failed', payload: { kind: 'slack_post', target: { warRoom: incident }, text: 't' }, last_error: 'slack: channel_not_found', sent_at: null, dedupe_key: null };
    const statements: string[] = [];
    const manager = { query: async (sql: string) => (statements.push(sql), sql.trim().startsWith('SELECT id') ? [row] : []) };
    const recorded: SitrepEvent[] = [];
    const outbox = { run: (work: (m: unknown, record: (e: SitrepEvent) => Promise<void>) => Promise<number>) => work(manager, async (e) => void recorded.push(e)) } as unknown as TransactionalOutbox;

    expect(await new NoticeOutcomeReporter({} as DataSource, outbox, logger).reportDue()).toBe(1);
    expect(logged).toEqual([expect.objectContaining({ level: 40, msg: 'an incident notice was not delivered', incidentId: incident, delivery, notice: 'possible recurrence', channel: 'slack', err: 'slack: channel_not_found' })]);
    expect(recorded.map((e) => [e.type, e.data])).toEqual([['war_room.notice_outcome', expect.objectContaining({ outcome: 'failed', channel: 'slack', error: 'slack: channel_not_found', personId: null })]]);
    expect(statements.some((s) => s.includes('SET reported_at = now()'))).toBe(true);
  });
});
