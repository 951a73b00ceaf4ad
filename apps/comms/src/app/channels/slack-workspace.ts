import { ErrorCode, LogLevel, WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import { ChannelCheck, DeliveryFailure } from './channel-adapter';
import { parseRetryAfter } from './failure-classification';
import { slackCallPurpose } from './slack-call-purpose';
import { SlackCallPriority, SlackRateLimiter } from './slack-rate-limiter';
import { SlackLimitKey } from './slack-rate-limits';
import { escapeSlack } from '../slack-app/slack-escape';

export interface SlackOptions {
  apiUrl: string;
  botToken: string;
  timeoutMs?: number;
  limiter?: SlackRateLimiter;
  /** Where a call that failed for good is logged (one line each); none: not logged here. */
  logger?: Logger;
}

/** Slack error codes that a later try may get past (everything else is about the request itself). */
const TRANSIENT_ERRORS = new Set(['ratelimited', 'service_unavailable', 'internal_error', 'fatal_error', 'request_timeout', 'invalid_auth', 'not_authed', 'token_revoked', 'account_inactive']);

export interface PostedMessage {
  channel: string;
  ts: string;
}

/** Block Kit blocks, built by the Slack app's block builders (which escape what they interpolate). */
export type SlackBlocks = Record<string, unknown>[];

/**
 * The Slack Web API calls comms makes, through @slack/web-api pointed at SLACK_API_URL. Every call waits
 * its turn on Slack's own limits (per method tier; per channel for posts) and a 429's Retry-After pauses
 * that limit. The client's own retries are off and a rate-limited call is rejected rather than waited out:
 * the delivery ledger owns retries, so Retry-After also becomes the row's next attempt. Every text is
 * escaped here (escapeSlack): nothing Sitrep posts is read by Slack as a mention or a link.
 */
export class SlackWorkspace {
  readonly provider = 'slack';
  private readonly client: WebClient;
  readonly limiter: SlackRateLimiter;
  private readonly logger: Logger | null;

  constructor(options: SlackOptions) {
    this.client = new WebClient(options.botToken, {
      slackApiUrl: options.apiUrl,
      rejectRateLimitedCalls: true,
      retryConfig: { retries: 0 },
      timeout: options.timeoutMs ?? 10_000,
      logLevel: LogLevel.ERROR,
    });
    this.limiter = options.limiter ?? new SlackRateLimiter();
    this.logger = options.logger ?? null;
  }

  /**
   * The failure the caller gets; one that no later try gets past is logged here, whoever made the call (a
   * notice about an incident, one about none, a modal, an event): its method, channel, Slack's error code
   * and what it was for (slackCallsFor), never the text or who it was about.
   */
  private failed(method: string, channel: string | null, error: unknown): DeliveryFailure {
    const failure = slackFailure(error);
    // Carried with the failure: the delivery worker logs the same line when it gives up retrying a transient one.
    const call = { method, channel: loggableChannel(channel), code: slackErrorCode(error) };
    failure.options.slackCall = call;
    if (failure.kind === 'permanent') this.logger?.warn({ ...call, for: slackCallPurpose() ?? 'unlabelled' }, 'a Slack call failed for good');
    return failure;
  }

  /** One call on its limit; a 429 pauses that limit for Retry-After before the failure goes to the caller. */
  private async call<T>(key: SlackLimitKey, work: () => Promise<T>, priority: SlackCallPriority = 'normal'): Promise<T> {
    try {
      return await this.limiter.run(key, work, priority);
    } catch (error) {
      const e = error as { code?: string; retryAfter?: number };
      if (e?.code === ErrorCode.RateLimitedError) this.limiter.pause(key, (e.retryAfter ?? 1) * 1000);
      throw error;
    }
  }

  /** Creates a public channel; returns null when the name is taken (the caller picks another). */
  async createChannel(name: string): Promise<{ id: string; name: string } | null> {
    try {
      const result = await this.call({ method: 'conversations.create' }, () => this.client.conversations.create({ name, is_private: false }), 'people');
      return { id: result.channel!.id!, name: result.channel!.name ?? name };
    } catch (error) {
      if (platformError(error) === 'name_taken') return null;
      throw this.failed('conversations.create', null, error);
    }
  }

  /** Adds people to a channel; people already in it are not an error. People go before posts. */
  async invite(channel: string, userIds: string[]): Promise<void> {
    try {
      await this.call({ method: 'conversations.invite' }, () => this.client.conversations.invite({ channel, users: userIds.join(',') }), 'people');
    } catch (error) {
      if (platformError(error) === 'already_in_channel') return;
      throw this.failed('conversations.invite', channel, error);
    }
  }

  /**
   * Posts to a channel id, or to a user id (the bot's direct messages with that person). `markup` is
   * appended as it is: Slack markup (channel and URL links) built by Sitrep, whatever it interpolates escaped.
   */
  async post(channel: string, text: string, blocks?: SlackBlocks, markup = ''): Promise<PostedMessage> {
    try {
      const result = await this.call({ method: 'chat.postMessage', channel }, () =>
        this.client.chat.postMessage({ channel, text: escapeSlack(text) + markup, ...(blocks ? { blocks: blocks as never } : {}), unfurl_links: false, unfurl_media: false }),
      );
      return { channel: result.channel ?? channel, ts: result.ts! };
    } catch (error) {
      throw this.failed('chat.postMessage', channel, error);
    }
  }

  /** A message only `user` sees, in a channel they are in. */
  async postEphemeral(channel: string, user: string, text: string, blocks?: SlackBlocks): Promise<void> {
    try {
      await this.call({ method: 'chat.postEphemeral' }, () => this.client.chat.postEphemeral({ channel, user, text: escapeSlack(text), ...(blocks ? { blocks: blocks as never } : {}) }));
    } catch (error) {
      throw this.failed('chat.postEphemeral', channel, error);
    }
  }

  /** Replaces a message the bot posted (a decided approval request loses its buttons). */
  async update(channel: string, ts: string, text: string, blocks?: SlackBlocks): Promise<void> {
    try {
      await this.call({ method: 'chat.update' }, () => this.client.chat.update({ channel, ts, text: escapeSlack(text), blocks: (blocks ?? []) as never }));
    } catch (error) {
      throw this.failed('chat.update', channel, error);
    }
  }

  /** Opens a modal for the user whose click or command carried trigger_id (valid for 3 s). */
  async openView(triggerId: string, view: Record<string, unknown>): Promise<void> {
    try {
      await this.call({ method: 'views.open' }, () => this.client.views.open({ trigger_id: triggerId, view: view as never }), 'people');
    } catch (error) {
      throw this.failed('views.open', null, error);
    }
  }

  /** The email of a Slack user (users.info), to find them on the roster; null when Slack has none. */
  async emailOf(userId: string): Promise<string | null> {
    try {
      const result = await this.call({ method: 'users.info' }, () => this.client.users.info({ user: userId }), 'people');
      return result.user?.profile?.email ?? null;
    } catch (error) {
      if (platformError(error) === 'user_not_found') return null;
      throw this.failed('users.info', null, error);
    }
  }

  /** The Slack user with this email, or null when the workspace has none. */
  async lookupByEmail(email: string): Promise<string | null> {
    try {
      const result = await this.call({ method: 'users.lookupByEmail' }, () => this.client.users.lookupByEmail({ email }), 'people');
      return result.user?.id ?? null;
    } catch (error) {
      if (platformError(error) === 'users_not_found') return null;
      throw this.failed('users.lookupByEmail', null, error);
    }
  }

  async pin(channel: string, ts: string): Promise<void> {
    try {
      await this.call({ method: 'pins.add' }, () => this.client.pins.add({ channel, timestamp: ts }));
    } catch (error) {
      if (platformError(error) === 'already_pinned') return;
      throw this.failed('pins.add', channel, error);
    }
  }

  async check(): Promise<ChannelCheck> {
    try {
      const result = await this.call({ method: 'auth.test' }, () => this.client.auth.test());
      return { provider: this.provider, ok: true, detail: `signed in to ${result.team ?? 'Slack'} as ${result.user ?? 'the bot'}` };
    } catch (error) {
      return { provider: this.provider, ok: false, detail: slackFailure(error).message };
    }
  }

  stop(): void {
    this.limiter.stop();
  }
}

/** A channel id as logged: a direct message's id (a user's, U… or W…, or an IM's, D…) says only that it was one. */
function loggableChannel(channel: string | null): string | null {
  return channel && /^[UWD]/.test(channel) ? 'a direct message' : channel;
}

/** Slack's error code ("channel_not_found"), or the HTTP status or client error behind a failure. */
function slackErrorCode(error: unknown): string {
  const e = error as { code?: string; statusCode?: number };
  if (e?.code === ErrorCode.RateLimitedError) return 'ratelimited';
  return platformError(error) ?? (e?.code === ErrorCode.HTTPError ? `http_${e.statusCode ?? 0}` : (e?.code ?? 'unknown'));
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
      // Slack limits per method and channel, and the workspace client already paused just that limit:
      // this row waits out Retry-After, the rest of Slack's pump (invitations, other channels) goes on.
      return new DeliveryFailure(`slack rate limited: retry after ${e.retryAfter}s`, 'transient', 'slack', { retryAfterMs: (e.retryAfter ?? 1) * 1000, scope: 'recipient' });
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
