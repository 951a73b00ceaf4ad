import { SlackRateLimiter } from './slack-rate-limiter';

describe('SlackRateLimiter', () => {
  let now = 0;
  const limiter = () => new SlackRateLimiter(() => now);
  beforeEach(() => {
    jest.useFakeTimers();
    now = 0;
  });
  afterEach(() => jest.useRealTimers());
  const advance = async (ms: number) => {
    now += ms;
    await jest.advanceTimersByTimeAsync(ms);
  };

  it('posts one message a second per channel, and other channels and methods do not wait for it', async () => {
    const l = limiter();
    const started: string[] = [];
    const call = (what: string, method: string, channel?: string) => l.run({ method, channel }, async () => void started.push(what));
    void call('a1', 'chat.postMessage', 'C1');
    void call('a2', 'chat.postMessage', 'C1');
    void call('b1', 'chat.postMessage', 'C2');
    void call('invite', 'conversations.invite');
    await advance(0);
    expect(started).toEqual(['a1', 'b1', 'invite']);
    await advance(999);
    expect(started).toEqual(['a1', 'b1', 'invite']);
    await advance(1);
    expect(started).toEqual(['a1', 'b1', 'invite', 'a2']);
    l.stop();
  });

  it('keeps a tier to its calls per minute (Tier 2: 20), then lets the next through as the window slides', async () => {
    const l = limiter();
    let count = 0;
    for (let i = 0; i < 21; i++) void l.run({ method: 'conversations.create' }, async () => void count++);
    await advance(0);
    expect(count).toBe(20);
    await advance(60_000);
    expect(count).toBe(20);
    await advance(250);
    expect(count).toBe(21);
    l.stop();
  });

  it('honours Retry-After on just the limit that was hit', async () => {
    const l = limiter();
    const started: string[] = [];
    l.pause({ method: 'conversations.invite' }, 3_000);
    void l.run({ method: 'conversations.invite' }, async () => void started.push('invite'));
    void l.run({ method: 'chat.postEphemeral' }, async () => void started.push('ephemeral'));
    await advance(0);
    expect(started).toEqual(['ephemeral']);
    await advance(3_000);
    expect(started).toEqual(['ephemeral', 'invite']);
    l.stop();
  });

  it('puts people ahead of posts waiting on the same limit', async () => {
    const l = limiter();
    const started: string[] = [];
    void l.run({ method: 'chat.postMessage', channel: 'C' }, async () => void started.push('first'));
    void l.run({ method: 'chat.postMessage', channel: 'C' }, async () => void started.push('post'));
    void l.run({ method: 'chat.postMessage', channel: 'C' }, async () => void started.push('person'), 'people');
    await advance(0);
    await advance(1_000);
    await advance(1_000);
    expect(started).toEqual(['first', 'person', 'post']);
    l.stop();
  });
});
