import { randomBytes } from 'node:crypto';
import { FakeResponse, HttpFake, HttpFakeOptions, InboxItem, RecordedRequest, ScriptedFailure, takeFailure } from './http-fake';

export interface SlackChannel {
  id: string;
  name: string;
  isPrivate: boolean;
  /** Direct-message channel with this user, for DMs. */
  dmWith: string | null;
  members: Set<string>;
  pins: Set<string>;
  created: number;
}

export interface SlackMessage {
  channel: string;
  ts: string;
  text: string;
  blocks: unknown[] | null;
  at: Date;
}

export interface SlackUser {
  id: string;
  email: string;
  name: string;
}

export interface SlackFakeOptions extends HttpFakeOptions {
  botToken?: string;
  /** users.lookupByEmail finds everyone (a workspace member is made up on first lookup), for the dev inbox. */
  autoUsers?: boolean;
}

const slackId = (prefix: string) => `${prefix}${randomBytes(6).toString('hex').toUpperCase().slice(0, 10)}`;
const CHANNEL_NAME = /^[a-z0-9][a-z0-9_-]*$/;

/**
 * The Slack Web API methods Sitrep calls, on POST /api/<method> with "Authorization: Bearer <bot token>"
 * and form-encoded or JSON arguments, answering {ok: true, ...} or {ok: false, error}. Rate limits come
 * back as HTTP 429 with Retry-After, as Slack sends them.
 */
export class SlackFake extends HttpFake {
  readonly botToken: string;
  readonly botUserId = slackId('U');
  readonly channels = new Map<string, SlackChannel>();
  readonly messages: SlackMessage[] = [];
  readonly users = new Map<string, SlackUser>();
  private readonly failures: ScriptedFailure[] = [];
  private tsCounter = 0;

  constructor(private readonly options: SlackFakeOptions = {}) {
    super(options);
    this.botToken = options.botToken ?? 'xoxb-fake-bot-token';
  }

  /** The Web API's base URL, what @slack/web-api takes as slackApiUrl. */
  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  /** A member of the workspace, found by users.lookupByEmail. */
  addUser(email: string, name = email.split('@')[0], id = slackId('U')): SlackUser {
    const user = { id, email: email.toLowerCase(), name };
    this.users.set(id, user);
    return user;
  }

  /** A channel that already exists (to provoke name_taken). */
  addChannel(name: string): SlackChannel {
    const channel: SlackChannel = { id: slackId('C'), name, isPrivate: false, dmWith: null, members: new Set(), pins: new Set(), created: Math.floor(Date.now() / 1000) };
    this.channels.set(channel.id, channel);
    return channel;
  }

  /** The next `times` calls of `method` (any method if omitted) get HTTP 429 with Retry-After. */
  rateLimitNext(retryAfterSeconds: number, times = 1, method?: string): void {
    this.failures.push({ remaining: times, status: 429, retryAfterSeconds, method });
  }

  channelByName(name: string): SlackChannel | undefined {
    return [...this.channels.values()].find((c) => c.name === name);
  }

  messagesIn(channelId: string): SlackMessage[] {
    return this.messages.filter((m) => m.channel === channelId);
  }

  /** Messages in the direct-message channel with this user. */
  directMessagesTo(userId: string): SlackMessage[] {
    const dm = [...this.channels.values()].find((c) => c.dmWith === userId);
    return dm ? this.messagesIn(dm.id) : [];
  }

  /** Calls of a method, with their arguments as Slack received them. */
  calls(method: string): Record<string, unknown>[] {
    return this.requests.filter((r) => r.path === `/api/${method}`).map((r) => (r.json as Record<string, unknown>) ?? r.form);
  }

  inbox(): InboxItem[] {
    return this.messages.map((m) => {
      const channel = this.channels.get(m.channel);
      const to = channel?.dmWith ? `@${this.users.get(channel.dmWith)?.name ?? channel.dmWith}` : `#${channel?.name ?? m.channel}`;
      return { channel: 'slack', provider: 'slack', at: m.at.toISOString(), from: 'sitrep (bot)', to, text: m.text };
    });
  }

  private nextTs(): string {
    this.tsCounter++;
    return `${Math.floor(Date.now() / 1000)}.${String(this.tsCounter).padStart(6, '0')}`;
  }

  private resolveChannel(ref: string): SlackChannel | undefined {
    if (this.channels.has(ref)) return this.channels.get(ref);
    if (ref.startsWith('#')) return this.channelByName(ref.slice(1));
    if (this.users.has(ref)) {
      // chat.postMessage to a user id posts in the bot's direct-message channel with that user.
      const existing = [...this.channels.values()].find((c) => c.dmWith === ref);
      if (existing) return existing;
      const dm: SlackChannel = { id: slackId('D'), name: ref, isPrivate: true, dmWith: ref, members: new Set([ref, this.botUserId]), pins: new Set(), created: Math.floor(Date.now() / 1000) };
      this.channels.set(dm.id, dm);
      return dm;
    }
    return undefined;
  }

  protected route(request: RecordedRequest): FakeResponse {
    const method = request.path.replace(/^\/api\//, '');
    const ok = (body: Record<string, unknown> = {}): FakeResponse => ({ status: 200, body: { ok: true, ...body } });
    const fail = (error: string): FakeResponse => ({ status: 200, body: { ok: false, error } });
    const header = request.headers.authorization;
    const bearer = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header)?.[1] : undefined;
    if (!bearer) return fail('not_authed');
    if (bearer !== this.botToken) return fail('invalid_auth');
    const failure = takeFailure(this.failures, undefined, method);
    if (failure) return { status: 429, headers: { 'retry-after': String(failure.retryAfterSeconds ?? 1) }, body: { ok: false, error: 'ratelimited' } };
    const args: Record<string, string> = { ...request.form, ...Object.fromEntries(Object.entries((request.json as Record<string, unknown>) ?? {}).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])) };

    switch (method) {
      case 'auth.test':
        return ok({ url: 'https://sitrep-fake.slack.com/', team: 'Sitrep Fake', user: 'sitrep', team_id: 'T0FAKE', user_id: this.botUserId, bot_id: 'B0FAKE' });
      case 'conversations.create': {
        const name = args.name ?? '';
        if (!name) return fail('invalid_name_required');
        if (name.length > 80) return fail('invalid_name_maxlength');
        if (!CHANNEL_NAME.test(name)) return fail('invalid_name_specials');
        if (this.channelByName(name)) return fail('name_taken');
        const channel = this.addChannel(name);
        channel.isPrivate = args.is_private === 'true';
        channel.members.add(this.botUserId);
        return ok({ channel: { id: channel.id, name, is_channel: true, is_private: channel.isPrivate, created: channel.created, creator: this.botUserId, is_archived: false, is_member: true } });
      }
      case 'conversations.invite': {
        const channel = this.channels.get(args.channel ?? '');
        if (!channel) return fail('channel_not_found');
        const users = (args.users ?? '').split(',').map((u) => u.trim()).filter(Boolean);
        if (users.length === 0) return fail('no_user');
        if (users.some((u) => !this.users.has(u))) return fail('user_not_found');
        if (users.every((u) => channel.members.has(u))) return fail('already_in_channel');
        for (const u of users) channel.members.add(u);
        return ok({ channel: { id: channel.id, name: channel.name } });
      }
      case 'chat.postMessage': {
        const channel = this.resolveChannel(args.channel ?? '');
        if (!channel) return fail('channel_not_found');
        if (!args.text && !args.blocks) return fail('no_text');
        const ts = this.nextTs();
        const blocks = args.blocks ? (JSON.parse(args.blocks) as unknown[]) : null;
        this.messages.push({ channel: channel.id, ts, text: args.text ?? '', blocks, at: new Date() });
        return ok({ channel: channel.id, ts, message: { type: 'message', text: args.text ?? '', user: this.botUserId, ts, bot_id: 'B0FAKE' } });
      }
      case 'pins.add': {
        const channel = this.channels.get(args.channel ?? '');
        if (!channel) return fail('channel_not_found');
        if (!this.messages.some((m) => m.channel === channel.id && m.ts === args.timestamp)) return fail('message_not_found');
        if (channel.pins.has(args.timestamp)) return fail('already_pinned');
        channel.pins.add(args.timestamp);
        return ok();
      }
      case 'users.lookupByEmail': {
        let user = [...this.users.values()].find((u) => u.email === (args.email ?? '').toLowerCase());
        if (!user && this.options.autoUsers && args.email) user = this.addUser(args.email);
        if (!user) return fail('users_not_found');
        return ok({ user: { id: user.id, name: user.name, real_name: user.name, profile: { email: user.email } } });
      }
      default:
        return fail('unknown_method');
    }
  }
}
