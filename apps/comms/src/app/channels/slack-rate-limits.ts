/**
 * Slack's documented rate limits, as comms keeps them: each Web API method has a tier (calls per minute
 * per workspace), and chat.postMessage is limited per channel (about one a second) instead.
 * https://api.slack.com/docs/rate-limits — the tiers are minimums ("20+ per minute"), so staying within
 * them never earns a 429 from a healthy workspace.
 */
export type SlackTier = 1 | 2 | 3 | 4;

export const TIER_CALLS_PER_MINUTE: Record<SlackTier, number> = { 1: 1, 2: 20, 3: 50, 4: 100 };

export const SLACK_METHOD_TIERS: Record<string, SlackTier> = {
  'auth.test': 4,
  'conversations.create': 2,
  'conversations.invite': 3,
  'pins.add': 2,
  'users.lookupByEmail': 3,
  'users.info': 4,
  'chat.postEphemeral': 4,
  'chat.update': 3,
  'views.open': 4,
  'views.update': 4,
};

/** chat.postMessage: one message per second per channel (Slack allows short bursts; we do not rely on them). */
export const POSTS_PER_CHANNEL = { calls: 1, windowMs: 1_000 };

/** Which limit a call counts against: the method's tier, or the channel for chat.postMessage. */
export interface SlackLimitKey {
  method: string;
  channel?: string;
}

export function limitFor(key: SlackLimitKey): { bucket: string; calls: number; windowMs: number } {
  if (key.method === 'chat.postMessage') return { bucket: `chat.postMessage:${key.channel ?? '?'}`, ...POSTS_PER_CHANNEL };
  const tier = SLACK_METHOD_TIERS[key.method] ?? 2;
  // A quarter-second margin on the minute: our clock and Slack's count the window from slightly different moments.
  return { bucket: key.method, calls: TIER_CALLS_PER_MINUTE[tier], windowMs: 60_000 + 250 };
}
