import { ErrorCode, LogLevel, WebClient } from '@slack/web-api';
import { ChannelCheck, DeliveryFailure } from './channel-adapter';
import { parseRetryAfter } from './failure-classification';

export interface SlackOptions {
  apiUrl: string;
  botToken: string;
  timeoutMs?: number;
}

/** Slack error codes that a later try may get past (everything else is about the request itself). */
const TRANSIENT_ERRORS = new Set(['ratelimited', 'service_unavailable', 'internal_error', 'fatal_error', 'request_timeout', 'invalid_auth', 'not_authed', 'token_revoked', 'account_inactive']);

export interface PostedMessage {
  channel: string;
  ts: string;
}

/**
 * The Slack Web API calls comms makes, through @slack/web-api pointed at SLACK_API_URL. The client's own
 * retries are off and rate-limited calls are rejected rather than waited out: the delivery ledger owns
 * retries, so a 429's Retry-After becomes the row's next attempt instead of a request parked in memory.
 */
export class SlackWorkspace {
  readonly provider = 'slack';
  private readonly client: WebClient;

  constructor(options: SlackOptions) {
    this.client = new WebClient(options.botToken, {
      slackApiUrl: options.apiUrl,
      rejectRateLimitedCalls: true,
      retryConfig: { retries: 0 },
      timeout: options.timeoutMs ?? 10_000,
      logLevel: LogLevel.ERROR,
    });
  }

  /** Creates a public channel; returns null when the name is taken (the caller picks another). */
  async createChannel(name: string): Promise<{ id: string; name: string } | null> {
    try {
      const result = await this.client.conversations.create({ name, is_private: false });
      return { id: result.channel!.id!, name: result.channel!.name ?? name };
    } catch (error) {
      if (platformError(error) === 'name_taken') return null;
      throw slackFailure(error);
    }
  }

  /** Adds people to a channel; people already in it are not an error. */
  async invite(channel: string, userIds: string[]): Promise<void> {
    try {
      await this.client.conversations.invite({ channel, users: userIds.join(',') });
    } catch (error) {
      if (platformError(error) === 'already_in_channel') return;
      throw slackFailure(error);
    }
  }

  /** Posts to a channel id, or to a user id (the bot's direct messages with that person). */
  async post(channel: string, text: string): Promise<PostedMessage> {
    try {
      const result = await this.client.chat.postMessage({ channel, text, unfurl_links: false, unfurl_media: false });
      return { channel: result.channel ?? channel, ts: result.ts! };
    } catch (error) {
      throw slackFailure(error);
    }
  }

  async pin(channel: string, ts: string): Promise<void> {
    try {
      await this.client.pins.add({ channel, timestamp: ts });
    } catch (error) {
      if (platformError(error) === 'already_pinned') return;
      throw slackFailure(error);
    }
  }

  /** The Slack user with this email, or null when the workspace has none. */
  async lookupByEmail(email: string): Promise<string | null> {
    try {
      const result = await this.client.users.lookupByEmail({ email });
      return result.user?.id ?? null;
    } catch (error) {
      if (platformError(error) === 'users_not_found') return null;
      throw slackFailure(error);
    }
  }

  async check(): Promise<ChannelCheck> {
    try {
      const result = await this.client.auth.test();
      return { provider: this.provider, ok: true, detail: `signed in to ${result.team ?? 'Slack'} as ${result.user ?? 'the bot'}` };
    } catch (error) {
      return { provider: this.provider, ok: false, detail: slackFailure(error).message };
    }
  }
}

function platformError(error: unknown): string | null {
  const e = error as { code?: string; data?: { error?: string } };
  return e?.code === ErrorCode.PlatformError ? (e.data?.error ?? null) : null;
}

/** Slack's failures as the ledger reads them: 429 with its Retry-After, 5xx and timeouts transient. */
export function slackFailure(error: unknown): DeliveryFailure {
  const e = error as { code?: string; retryAfter?: number; statusCode?: number; headers?: Record<string, string>; data?: { error?: string }; message?: string };
  switch (e?.code) {
    case ErrorCode.RateLimitedError:
      return new DeliveryFailure(`slack rate limited: retry after ${e.retryAfter}s`, 'transient', 'slack', { retryAfterMs: (e.retryAfter ?? 1) * 1000 });
    case ErrorCode.PlatformError: {
      const code = e.data?.error ?? 'unknown_error';
      return new DeliveryFailure(`slack: ${code}`, TRANSIENT_ERRORS.has(code) ? 'transient' : 'permanent', 'slack', { scope: 'recipient' });
    }
    case ErrorCode.HTTPError: {
      const status = e.statusCode ?? 0;
      const transient = status === 429 || status >= 500;
      return new DeliveryFailure(`slack answered HTTP ${status}`, transient ? 'transient' : 'permanent', 'slack', { retryAfterMs: parseRetryAfter(e.headers?.['retry-after']) });
    }
    case ErrorCode.RequestError:
      return new DeliveryFailure(`slack unreachable: ${e.message}`, 'transient', 'slack', { ambiguous: true });
    default:
      return new DeliveryFailure(`slack: ${e?.message ?? String(error)}`, 'transient', 'slack', { ambiguous: true });
  }
}
