import { createHmac, randomBytes } from 'node:crypto';
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
  /** The app's signing secret: inbound requests to the app are signed with it. */
  signingSecret?: string;
  /** Enforce Slack's documented per-method limits with 429 and Retry-After (default on). */
  enforceLimits?: boolean;
  /** users.lookupByEmail finds everyone (a workspace member is made up on first lookup), for the dev inbox. */
  autoUsers?: boolean;
}

/** A modal the app opened (views.open), as the user sees it. */
export interface SlackView {
  id: string;
  user: string;
  triggerId: string;
  view: { type: string; callback_id?: string; private_metadata?: string; title?: { text: string }; blocks?: SlackBlock[]; submit?: { text: string } };
  at: Date;
}

/** Something only one user saw: an ephemeral message, or a response_url reply to their command. */
export interface SlackPrivateNote {
  kind: 'ephemeral' | 'response_url';
  channel: string | null;
  user: string;
  text: string;
  blocks: unknown[] | null;
  at: Date;
}

/** What a user sent to the app (a slash command, a click, a modal submission), and how fast it was acknowledged. */
export interface SlackInbound {
  kind: 'slash_command' | 'block_actions' | 'view_submission';
  user: string;
  channel: string | null;
  text: string;
  status: number;
  ackMs: number;
  at: Date;
}

export interface SlackBlock {
  type: string;
  block_id?: string;
  text?: { type: string; text: string };
  elements?: { type: string; action_id?: string; value?: string; text?: { text: string } }[];
  element?: { type: string; action_id?: string; options?: { value: string }[] };
  label?: { text: string };
  [key: string]: unknown;
}

/**
 * Slack's documented tiers (calls per minute per workspace) for the methods the fake serves, and
 * chat.postMessage's one a second per channel (with a short burst of two). Kept here apart from comms'
 * own table on purpose: the fake says what Slack does, comms says what it thinks Slack does.
 */
const FAKE_TIERS: Record<string, number> = {
  'auth.test': 100,
  'conversations.create': 20,
  'conversations.invite': 50,
  'pins.add': 20,
  'users.lookupByEmail': 50,
  'users.info': 100,
  'chat.postEphemeral': 100,
  'chat.update': 50,
  'views.open': 100,
};
const POST_BURST = { calls: 2, windowMs: 1_000 };
/** trigger_id is good for three seconds (Slack's rule for views.open). */
const TRIGGER_LIFETIME_MS = 3_000;

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
  readonly views: SlackView[] = [];
  readonly privateNotes: SlackPrivateNote[] = [];
  readonly updates: { channel: string; ts: string; text: string; at: Date }[] = [];
  readonly inbound: SlackInbound[] = [];
  /** When each user joined each channel: `${channel}:${user}` → time. */
  readonly joinedAt = new Map<string, Date>();
  /** Calls answered 429 by the fake's own limits, per method. */
  readonly limited = new Map<string, number>();
  readonly signingSecret: string;
  /** The app's base URL (comms): where slash commands, clicks and submissions are sent. */
  appUrl: string | null = null;
  private readonly failures: ScriptedFailure[] = [];
  private readonly windows = new Map<string, number[]>();
  private readonly triggers = new Map<string, { user: string; at: number }>();
  private readonly responseUrls = new Map<string, { user: string; channel: string | null }>();
  private tsCounter = 0;

  constructor(private readonly options: SlackFakeOptions = {}) {
    super(options);
    this.botToken = options.botToken ?? `xoxb-${randomBytes(18).toString('base64url')}`;
    this.signingSecret = options.signingSecret ?? randomBytes(20).toString('hex');
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

  /** When a user joined a channel, or undefined while they are not in it. */
  memberSince(channelId: string, userId: string): Date | undefined {
    return this.joinedAt.get(`${channelId}:${userId}`);
  }

  /** What this user was shown privately (ephemeral messages and replies to their commands), oldest first. */
  notesTo(userId: string): SlackPrivateNote[] {
    return this.privateNotes.filter((n) => n.user === userId);
  }

  /** Modals opened for this user, oldest first. */
  viewsFor(userId: string): SlackView[] {
    return this.views.filter((v) => v.user === userId);
  }

  private label(userId: string): string {
    return `@${this.users.get(userId)?.name ?? userId}`;
  }

  private channelLabel(id: string | null): string {
    if (!id) return 'a modal';
    const channel = this.channels.get(id);
    return channel?.dmWith ? `direct messages with ${this.label(channel.dmWith)}` : `#${channel?.name ?? id}`;
  }

  inbox(): InboxItem[] {
    // Shown as Slack shows it: its three escapes read back as the characters (never as a mention or link).
    const shown = (text: string) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    const item = (at: Date, from: string, to: string, text: string, subject?: string): InboxItem => ({ channel: 'slack', provider: 'slack', at: at.toISOString(), from, to, text: shown(text), ...(subject ? { subject } : {}) });
    // With blocks, Slack shows the blocks; the text is only the notification's fallback.
    const body = (text: string, blocks: unknown[] | null) => (blocks && blocks.length ? describeBlocks(blocks as SlackBlock[]) : text);
    return [
      ...this.messages.map((m) => {
        const channel = this.channels.get(m.channel);
        const to = channel?.dmWith ? this.label(channel.dmWith) : `#${channel?.name ?? m.channel}`;
        return item(m.at, 'sitrep (bot)', to, body(m.text, m.blocks));
      }),
      ...this.privateNotes.map((n) => item(n.at, 'sitrep (bot)', `${this.label(n.user)} only, in ${this.channelLabel(n.channel)}`, body(n.text, n.blocks), n.kind === 'ephemeral' ? 'ephemeral message' : 'reply to a command')),
      ...this.views.map((v) => item(v.at, 'sitrep (bot)', this.label(v.user), describeBlocks(v.view.blocks ?? []), `modal: ${v.view.title?.text ?? ''}`)),
      ...this.updates.map((u) => item(u.at, 'sitrep (bot)', this.channelLabel(u.channel), u.text, 'message updated')),
      ...this.inbound.map((i) => item(i.at, this.label(i.user), `sitrep (${this.channelLabel(i.channel)})`, i.text, `${i.kind.replace('_', ' ')} · acknowledged ${i.status} in ${i.ackMs} ms`)),
    ];
  }

  // ---- The inbound side: what a user does in Slack, sent to the app signed as Slack signs it. ----

  /** Types a slash command in a channel (`/incident declare`). */
  async slashCommand(userId: string, channelId: string, text: string, command = '/incident'): Promise<SlackInbound> {
    const triggerId = this.trigger(userId);
    const body = new URLSearchParams({
      token: 'deprecated-verification-token',
      team_id: 'T0FAKE',
      team_domain: 'sitrep-fake',
      channel_id: channelId,
      channel_name: this.channels.get(channelId)?.name ?? 'unknown',
      user_id: userId,
      user_name: this.users.get(userId)?.name ?? userId,
      command,
      text,
      api_app_id: 'A0FAKE',
      response_url: this.responseUrl(userId, channelId),
      trigger_id: triggerId,
    }).toString();
    return this.deliver('slash_command', userId, channelId, `${command} ${text}`.trim(), '/slack/commands', body);
  }

  /** Clicks the button with this action_id on a message the app posted (in a channel or a DM). */
  async clickButton(userId: string, message: SlackMessage, actionId: string, options: { value?: string } = {}): Promise<SlackInbound> {
    const blocks = (message.blocks ?? []) as SlackBlock[];
    // Buttons sit in actions blocks, or as a section's accessory.
    const buttonsOf = (b: SlackBlock) => [...(b.elements ?? []), ...(b.accessory ? [b.accessory as NonNullable<SlackBlock['elements']>[number]] : [])];
    const candidates = blocks.flatMap((b) => buttonsOf(b).map((e) => ({ block: b, element: e }))).filter((x) => x.element.action_id === actionId);
    const found = options.value === undefined ? candidates[0] : candidates.find((x) => x.element.value === options.value);
    if (!found) throw new Error(`no button ${actionId} on message ${message.ts}: ${JSON.stringify(blocks)}`);
    const payload = {
      type: 'block_actions',
      user: { id: userId, username: this.users.get(userId)?.name ?? userId, team_id: 'T0FAKE' },
      api_app_id: 'A0FAKE',
      team: { id: 'T0FAKE', domain: 'sitrep-fake' },
      container: { type: 'message', message_ts: message.ts, channel_id: message.channel, is_ephemeral: message.ts === '' },
      trigger_id: this.trigger(userId),
      channel: { id: message.channel, name: this.channels.get(message.channel)?.name ?? '' },
      message: { type: 'message', ts: message.ts, text: message.text, blocks },
      response_url: this.responseUrl(userId, message.channel),
      actions: [{ type: 'button', action_id: actionId, block_id: found.block.block_id ?? '', value: found.element.value ?? '', text: { type: 'plain_text', text: found.element.text?.text ?? '' }, action_ts: `${Date.now() / 1000}` }],
    };
    return this.deliver('block_actions', userId, message.channel, `clicked "${found.element.text?.text ?? actionId}"`, '/slack/interactivity', new URLSearchParams({ payload: JSON.stringify(payload) }).toString());
  }

  /**
   * Submits a modal the app opened, with values by action_id (text inputs take the text, selects the
   * option value, multi-selects an array of values, user selects a user id).
   */
  async submitView(userId: string, view: SlackView, values: Record<string, string | string[]>): Promise<SlackInbound> {
    const state: Record<string, Record<string, unknown>> = {};
    for (const block of view.view.blocks ?? []) {
      const element = block.element;
      if (block.type !== 'input' || !element?.action_id) continue;
      // What the user left untouched is submitted as the modal opened: its initial value or option(s).
      const initial = element as { initial_value?: string; initial_option?: { value: string }; initial_options?: { value: string }[] };
      const value = element.action_id in values ? values[element.action_id] : (initial.initial_value ?? initial.initial_option?.value ?? initial.initial_options?.map((o) => o.value));
      const blockId = block.block_id ?? element.action_id;
      let entry: Record<string, unknown>;
      if (element.type === 'static_select') entry = { type: element.type, selected_option: value === undefined ? null : { value } };
      else if (element.type === 'multi_static_select') entry = { type: element.type, selected_options: ((value as string[]) ?? []).map((v) => ({ value: v })) };
      else if (element.type === 'users_select') entry = { type: element.type, selected_user: value ?? null };
      else entry = { type: element.type, value: value ?? null };
      state[blockId] = { [element.action_id]: entry };
    }
    const payload = {
      type: 'view_submission',
      user: { id: userId, username: this.users.get(userId)?.name ?? userId, team_id: 'T0FAKE' },
      api_app_id: 'A0FAKE',
      team: { id: 'T0FAKE', domain: 'sitrep-fake' },
      trigger_id: this.trigger(userId),
      view: { id: view.id, type: 'modal', callback_id: view.view.callback_id, private_metadata: view.view.private_metadata ?? '', state: { values: state } },
    };
    const shown = Object.entries(values).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : v}`).join('\n');
    return this.deliver('view_submission', userId, null, `submitted "${view.view.title?.text ?? view.view.callback_id}"\n${shown}`, '/slack/interactivity', new URLSearchParams({ payload: JSON.stringify(payload) }).toString());
  }

  /** A message only the user saw (an ephemeral or a response_url answer), as something whose buttons can be clicked. */
  noteAsMessage(note: SlackPrivateNote): SlackMessage {
    return { channel: note.channel ?? '', ts: '', text: note.text, blocks: note.blocks, at: note.at };
  }

  /**
   * Sends an Events API event (`event_callback`), signed, as Slack does; returns the envelope so that a
   * test can send it again as Slack's retry (same event_id, with X-Slack-Retry-Num).
   */
  async sendEvent(event: Record<string, unknown> & { type: string }, retryOf?: { envelope: Record<string, unknown>; retryNum: number }): Promise<{ status: number; ackMs: number; envelope: Record<string, unknown> }> {
    const envelope = retryOf?.envelope ?? {
      token: 'deprecated-verification-token',
      team_id: 'T0FAKE',
      api_app_id: 'A0FAKE',
      event: { ...event, event_ts: `${Date.now() / 1000}` },
      type: 'event_callback',
      event_id: slackId('Ev'),
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ team_id: 'T0FAKE', user_id: this.botUserId, is_bot: true }],
    };
    const headers: Record<string, string> = retryOf ? { 'x-slack-retry-num': String(retryOf.retryNum), 'x-slack-retry-reason': 'http_timeout' } : {};
    const reply = await this.signedPost('/slack/events', JSON.stringify(envelope), { contentType: 'application/json', headers });
    return { status: reply.status, ackMs: reply.ackMs, envelope };
  }

  /** A request to the app signed as Slack signs it, or with the given timestamp or signature (to test refusals). */
  async signedPost(path: string, body: string, options: { timestamp?: number; signature?: string | null; contentType?: string; headers?: Record<string, string> } = {}): Promise<{ status: number; body: string; ackMs: number }> {
    if (!this.appUrl) throw new Error('SlackFake.appUrl is not set: where is the app?');
    const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
    const signature = options.signature === undefined ? `v0=${createHmac('sha256', this.signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')}` : options.signature;
    const headers: Record<string, string> = { 'content-type': options.contentType ?? 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': timestamp, 'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)' };
    if (signature !== null) headers['x-slack-signature'] = signature;
    Object.assign(headers, options.headers ?? {});
    const started = performance.now();
    const response = await fetch(`${this.appUrl}${path}`, { method: 'POST', headers, body });
    const text = await response.text();
    return { status: response.status, body: text, ackMs: Math.round(performance.now() - started) };
  }

  private async deliver(kind: SlackInbound['kind'], user: string, channel: string | null, text: string, path: string, body: string): Promise<SlackInbound> {
    const at = new Date();
    const reply = await this.signedPost(path, body);
    const entry: SlackInbound = { kind, user, channel, text, status: reply.status, ackMs: reply.ackMs, at };
    this.inbound.push(entry);
    // Slack shows a slash command's immediate answer to the user alone, like an ephemeral response.
    if (kind === 'slash_command' && reply.status === 200 && reply.body) {
      try {
        const answer = JSON.parse(reply.body) as { text?: string; blocks?: unknown[] };
        if (answer.text || answer.blocks) this.privateNotes.push({ kind: 'response_url', channel, user, text: answer.text ?? '', blocks: answer.blocks ?? null, at: new Date() });
      } catch {
        this.privateNotes.push({ kind: 'response_url', channel, user, text: reply.body, blocks: null, at: new Date() });
      }
    }
    return entry;
  }

  private trigger(user: string): string {
    const id = `${Date.now()}.${randomBytes(8).toString('hex')}`;
    this.triggers.set(id, { user, at: Date.now() });
    return id;
  }

  private responseUrl(user: string, channel: string | null): string {
    const id = randomBytes(10).toString('hex');
    this.responseUrls.set(id, { user, channel });
    return `${this.url}/_fake/respond/${id}`;
  }

  /** Slack's per-method limits: a sliding minute per method, a short burst per channel for posts. */
  private overLimit(method: string, channel: string | undefined): number | null {
    if (this.options.enforceLimits === false) return null;
    const limit = method === 'chat.postMessage' ? { key: `${method}:${channel}`, ...POST_BURST } : FAKE_TIERS[method] ? { key: method, calls: FAKE_TIERS[method], windowMs: 60_000 } : null;
    if (!limit) return null;
    const now = Date.now();
    const calls = (this.windows.get(limit.key) ?? []).filter((t) => t > now - limit.windowMs);
    if (calls.length >= limit.calls) {
      this.windows.set(limit.key, calls);
      this.limited.set(method, (this.limited.get(method) ?? 0) + 1);
      return Math.max(1, Math.ceil((calls[0] + limit.windowMs - now) / 1000));
    }
    calls.push(now);
    this.windows.set(limit.key, calls);
    return null;
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
    const ok = (body: Record<string, unknown> = {}): FakeResponse => ({ status: 200, body: { ok: true, ...body } });
    const fail = (error: string): FakeResponse => ({ status: 200, body: { ok: false, error } });
    const respond = /^\/_fake\/respond\/([0-9a-f]+)$/.exec(request.path);
    if (respond) {
      // A response_url: the app's delayed answer to a command or a click, shown to that user alone.
      const target = this.responseUrls.get(respond[1]);
      if (!target) return { status: 404, body: 'no_such_response_url' };
      const json = (request.json ?? {}) as { text?: string; blocks?: unknown[] };
      this.privateNotes.push({ kind: 'response_url', channel: target.channel, user: target.user, text: json.text ?? '', blocks: json.blocks ?? null, at: new Date() });
      return { status: 200, body: 'ok' };
    }
    const method = request.path.replace(/^\/api\//, '');
    const header = request.headers.authorization;
    const bearer = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header)?.[1] : undefined;
    if (!bearer) return fail('not_authed');
    if (bearer !== this.botToken) return fail('invalid_auth');
    const failure = takeFailure(this.failures, undefined, method);
    if (failure) return { status: 429, headers: { 'retry-after': String(failure.retryAfterSeconds ?? 1) }, body: { ok: false, error: 'ratelimited' } };
    const args: Record<string, string> = { ...request.form, ...Object.fromEntries(Object.entries((request.json as Record<string, unknown>) ?? {}).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])) };
    const retryAfter = this.overLimit(method, args.channel);
    if (retryAfter !== null) return { status: 429, headers: { 'retry-after': String(retryAfter) }, body: { ok: false, error: 'ratelimited' } };

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
        for (const u of users) {
          if (!channel.members.has(u)) this.joinedAt.set(`${channel.id}:${u}`, new Date());
          channel.members.add(u);
        }
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
      case 'chat.postEphemeral': {
        const channel = this.resolveChannel(args.channel ?? '');
        if (!channel) return fail('channel_not_found');
        if (!args.user || !this.users.has(args.user)) return fail('user_not_found');
        if (!channel.dmWith && !channel.members.has(args.user)) return fail('user_not_in_channel');
        if (!args.text && !args.blocks) return fail('no_text');
        this.privateNotes.push({ kind: 'ephemeral', channel: channel.id, user: args.user, text: args.text ?? '', blocks: args.blocks ? (JSON.parse(args.blocks) as unknown[]) : null, at: new Date() });
        return ok({ message_ts: this.nextTs() });
      }
      case 'chat.update': {
        const message = this.messages.find((m) => m.channel === args.channel && m.ts === args.ts);
        if (!message) return fail('message_not_found');
        message.text = args.text ?? message.text;
        message.blocks = args.blocks ? (JSON.parse(args.blocks) as unknown[]) : message.blocks;
        this.updates.push({ channel: message.channel, ts: message.ts, text: message.text, at: new Date() });
        return ok({ channel: message.channel, ts: message.ts, text: message.text });
      }
      case 'views.open': {
        const trigger = this.triggers.get(args.trigger_id ?? '');
        if (!trigger) return fail('invalid_trigger_id');
        if (Date.now() - trigger.at > TRIGGER_LIFETIME_MS) return fail('expired_trigger_id');
        this.triggers.delete(args.trigger_id);
        let view: SlackView['view'];
        try {
          view = JSON.parse(args.view ?? '') as SlackView['view'];
        } catch {
          return fail('invalid_arguments');
        }
        const opened: SlackView = { id: slackId('V'), user: trigger.user, triggerId: args.trigger_id, view, at: new Date() };
        this.views.push(opened);
        return ok({ view: { id: opened.id, ...view } });
      }
      case 'users.info': {
        const user = this.users.get(args.user ?? '');
        if (!user) return fail('user_not_found');
        return ok({ user: { id: user.id, name: user.name, real_name: user.name, profile: { email: user.email } } });
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

/** Block Kit as a reader sees it, in plain lines: section texts, buttons in [brackets], inputs by label. */
export function describeBlocks(blocks: SlackBlock[]): string {
  const lines: string[] = [];
  for (const block of blocks) {
    const accessory = block.accessory as { type?: string; text?: { text?: string }; action_id?: string } | undefined;
    if (block.text?.text) lines.push(accessory?.type === 'button' ? `${block.text.text}  [${accessory.text?.text ?? accessory.action_id}]` : block.text.text);
    if (block.type === 'context' && Array.isArray(block.elements)) lines.push(block.elements.map((e) => (e as { text?: string }).text ?? '').join(' '));
    if (block.type === 'actions' && block.elements) lines.push(block.elements.map((e) => `[${e.text?.text ?? e.action_id}]`).join(' '));
    if (block.type === 'input') lines.push(`▭ ${block.label?.text ?? block.block_id}`);
  }
  return lines.join('\n');
}
