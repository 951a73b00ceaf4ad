import { noticeRecipient, reportsOutcome } from './notice-outcome-reporter';

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
