import { Writable } from 'node:stream';
import pino from 'pino';
import { REDACTED_PATHS } from '@sitrep/observability';
import { SlackFake } from '@sitrep/vendor-fakes';
import { DeliveryFailure } from './channel-adapter';
import { slackCallsFor } from './slack-call-purpose';
import { SlackWorkspace } from './slack-workspace';

/** The workspace client against the Slack fake, its log lines kept. */
describe('Slack calls that fail for good', () => {
  const slack = new SlackFake();
  const lines: Record<string, unknown>[] = [];
  let workspace: SlackWorkspace;

  beforeAll(async () => {
    await slack.start();
    const sink = new Writable({ write: (chunk, _encoding, done) => (lines.push(JSON.parse(String(chunk)) as Record<string, unknown>), done()) });
    workspace = new SlackWorkspace({ apiUrl: slack.apiUrl, botToken: slack.botToken, logger: pino({ level: 'info', redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, sink) });
  });

  beforeEach(() => {
    lines.length = 0;
  });

  afterAll(async () => {
    workspace?.stop();
    await slack.stop();
  });

  it('log one line each, with the method, channel, error code and what the call was for, whether or not it is about an incident', async () => {
    await expect(slackCallsFor('slack_post (delivery d-1)', () => workspace.post('C0GONE', 'Secret: the payments database is down', undefined))).rejects.toThrow('slack: channel_not_found');
    await expect(workspace.invite('C0GONE', ['U0BOB'])).rejects.toThrow('slack: channel_not_found');
    expect(lines.map(({ level, msg, method, channel, code, for: purpose }) => ({ level, msg, method, channel, code, for: purpose }))).toEqual([
      { level: 40, msg: 'a Slack call failed for good', method: 'chat.postMessage', channel: 'C0GONE', code: 'channel_not_found', for: 'slack_post (delivery d-1)' },
      { level: 40, msg: 'a Slack call failed for good', method: 'conversations.invite', channel: 'C0GONE', code: 'channel_not_found', for: 'unlabelled' },
    ]);
  });

  it('never log the text, an email address or whom a direct message was for', async () => {
    await expect(slackCallsFor('button page_ack', () => workspace.post('U0NOBODY', 'Secret: the payments database is down'))).rejects.toThrow();
    await expect(workspace.update('C0GONE', '1.000001', 'Secret: edited')).rejects.toThrow();
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ method: 'chat.postMessage', channel: 'a direct message', for: 'button page_ack' });
    const logged = JSON.stringify(lines);
    expect(logged).not.toContain('Secret');
    expect(logged).not.toContain('U0NOBODY');
  });

  it('log nothing for a failure a later try may get past, or for answers that are not failures', async () => {
    slack.addUser('dave@example.test', 'dave');
    expect(await workspace.lookupByEmail('nobody@example.test')).toBeNull();
    expect(await workspace.createChannel('incident-20261129-taken')).not.toBeNull();
    expect(await workspace.createChannel('incident-20261129-taken')).toBeNull();
    slack.rateLimitNext(1, 1, 'chat.postMessage');
    const limited = await workspace.post('C0GONE', 'rate limited').catch((error: DeliveryFailure) => error);
    expect(limited).toBeInstanceOf(DeliveryFailure);
    expect(lines).toEqual([]);
    // The call travels with the failure, for the delivery worker's line if it gives up retrying.
    expect((limited as DeliveryFailure).options.slackCall).toEqual({ method: 'chat.postMessage', channel: 'C0GONE', code: 'ratelimited' });
  });
});
