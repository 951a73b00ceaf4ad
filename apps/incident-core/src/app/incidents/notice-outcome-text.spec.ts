import { noticeNotSentText, noticeOutcomeText } from './notice-outcome-text';

describe('the timeline line of a notice outcome', () => {
  it('says what reached whom, by which channel', () => {
    expect(noticeOutcomeText({ notice: 'executive update', channel: 'email', personName: 'Dev Raman', outcome: 'sent', error: null })).toBe('executive update delivered to Dev Raman by email');
  });
  it('keeps the reason of a notice that failed for good', () => {
    expect(noticeOutcomeText({ notice: 'missed clock', channel: 'slack', personName: null, outcome: 'failed', error: 'channel_not_found' })).toBe('missed clock to the war room by Slack failed: channel_not_found');
  });
  it('says which notice went to nobody, and why', () => {
    expect(noticeNotSentText({ notice: 'executive summary', reason: 'no executive sponsor to send the summary to' })).toBe('executive summary not sent: no executive sponsor to send the summary to');
  });
});
