import { DeliveryFailure } from '../channels/channel-adapter';
import { slackCallGivenUp } from './slack-call-given-up';

describe('the log line of a Slack delivery given up on', () => {
  const row = { id: 'd-1', attempts: 8, payload: { kind: 'slack_post', target: { channel: 'C0OPS' }, text: 'Secret: the payments database is down' } };
  const slackCall = { method: 'chat.postMessage', channel: 'C0OPS', code: 'internal_error' };

  it('names the method, channel, error code and what it was for, without the text', () => {
    const line = slackCallGivenUp(row, new DeliveryFailure('slack: internal_error', 'transient', 'slack', { slackCall }));
    expect(line).toEqual({ method: 'chat.postMessage', channel: 'C0OPS', code: 'internal_error', for: 'slack_post (delivery d-1)', attempts: 8 });
    expect(JSON.stringify(line)).not.toContain('Secret');
  });

  it('is none for a permanent failure (the workspace client logged it) or one that was no Slack call', () => {
    expect(slackCallGivenUp(row, new DeliveryFailure('slack: channel_not_found', 'permanent', 'slack', { slackCall: { ...slackCall, code: 'channel_not_found' } }))).toBeNull();
    expect(slackCallGivenUp(row, new DeliveryFailure('person p-1 not known to comms yet', 'transient', 'sitrep'))).toBeNull();
  });
});
