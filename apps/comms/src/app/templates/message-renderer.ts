import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Handlebars from 'handlebars';
import { COMPONENT_STATUS_LABELS, Channel, CommunicationKind, ComponentStatus, Impact, PUBLIC_STATUS_LABELS, PublicStatus, communicationKindSchema } from '@sitrep/contracts';
import { SmsSegmentation, smsSegments } from './sms-segments';

/**
 * Turns one communication into what each channel shows. Templates are Handlebars files under this folder,
 * one folder per message kind with `default/` as the fallback; a file with the same relative path in
 * SITREP_TEMPLATES_DIR replaces the built-in one. Lookup for kind K and template T:
 * override/K/T, built-in/K/T, override/default/T, built-in/default/T.
 */
export const MESSAGE_TEMPLATES = ['email-subject', 'email-html', 'email-text', 'sms', 'status-page', 'draft-body'] as const;
export type MessageTemplate = (typeof MESSAGE_TEMPLATES)[number];

/** Fields only maintenance notices have (their message and window), for trial renders in strict mode. */
const MAINTENANCE_SAMPLE = { message: 'Sample maintenance.', scheduledFor: '2026-01-01 02:00', scheduledUntil: '2026-01-01 03:00', cancelled: false };
/** Fields only post-mortem notices have (the external post-mortem's sections). */
const POSTMORTEM_SAMPLE = { summary: 'Sample summary.', rootCause: 'Sample cause.', prevention: 'Sample prevention.' };

/** Only the email body is HTML; everything else is plain text (see compile()). */
const HTML_TEMPLATES: ReadonlySet<MessageTemplate> = new Set(['email-html']);
const BUILT_IN_DIR = __dirname;

export interface MessageComponent {
  id: string;
  name: string;
  status: ComponentStatus;
}

/** The customer-facing content of a communication: the same fields `communication.published` carries. */
export interface MessageContent {
  kind: CommunicationKind;
  title: string;
  status: PublicStatus;
  impact: Impact;
  body: string;
  components: MessageComponent[];
  channels: Channel[];
  incident: { reference: string; severity: string } | null;
}

export interface MessagePreviews {
  email: { subject: string; html: string; text: string };
  sms: SmsSegmentation & { text: string };
  statusPage: { title: string; status: PublicStatus; statusLabel: string; impact: Impact; body: string; components: (MessageComponent & { statusLabel: string })[] };
}

export interface MessageRendererOptions {
  /** SITREP_TEMPLATES_DIR: overrides, same layout as the built-in folder. */
  overrideDir?: string | null;
  /** Signs the messages (STATUS_PAGE_NAME). */
  pageName: string;
  /** The public status page, linked from email and SMS when known (PUBLIC_URL). */
  statusPageUrl?: string | null;
}

/** The words customers read live in libs/contracts; comms' templates use them as they are. */
export const STATUS_LABELS = PUBLIC_STATUS_LABELS;
export { COMPONENT_STATUS_LABELS };

export const IMPACT_LABELS: Record<Impact, string> = { none: 'None', minor: 'Minor', major: 'Major', critical: 'Critical', maintenance: 'Maintenance' };

/** "A", "A and B", "A, B and C"; "our services" when nothing is named. */
export function componentList(components: readonly { name: string }[]): string {
  const names = components.map((c) => c.name);
  if (names.length === 0) return 'our services';
  if (names.length === 1) return names[0];
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** Paragraphs split on blank lines, each a list of its lines, for templates that lay text out as HTML. */
export function paragraphs(text: string): string[][] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.split('\n').map((line) => line.trim()).filter((line) => line.length > 0))
    .filter((p) => p.length > 0);
}

/** Shortens to at most `max` characters (code points) at a word boundary when one is near, with "...". */
export function truncate(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const chars = Array.from(flat);
  if (chars.length <= max) return flat;
  const cut = chars.slice(0, Math.max(0, max - 3)).join('');
  const space = cut.lastIndexOf(' ');
  return `${space > max * 0.6 ? cut.slice(0, space) : cut}...`;
}

export class TemplateError extends Error {}

export class MessageRenderer {
  /** Our own instance: helpers registered here do not leak into (or from) other renderers in the process. */
  private readonly handlebars = Handlebars.create();
  private readonly compiled = new Map<string, { path: string; render: Handlebars.TemplateDelegate }>();
  private readonly overrideDir: string | null;

  constructor(private readonly options: MessageRendererOptions) {
    this.overrideDir = options.overrideDir ? resolve(options.overrideDir) : null;
    const h = this.handlebars;
    h.registerHelper('statusLabel', (status: PublicStatus) => STATUS_LABELS[status] ?? String(status));
    h.registerHelper('componentStatusLabel', (status: ComponentStatus) => COMPONENT_STATUS_LABELS[status] ?? String(status));
    h.registerHelper('impactLabel', (impact: Impact) => IMPACT_LABELS[impact] ?? String(impact));
    h.registerHelper('componentList', (components: { name: string }[]) => componentList(components ?? []));
    h.registerHelper('paragraphs', (text: string) => paragraphs(String(text ?? '')));
    h.registerHelper('truncate', (text: string, max: number) => truncate(String(text ?? ''), Number(max)));
    h.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  }

  /** The file a kind's template comes from, after overrides and fallbacks. */
  templatePath(kind: CommunicationKind, name: MessageTemplate): string {
    const candidates = [
      this.overrideDir && join(this.overrideDir, kind, `${name}.hbs`),
      join(BUILT_IN_DIR, kind, `${name}.hbs`),
      this.overrideDir && join(this.overrideDir, 'default', `${name}.hbs`),
      join(BUILT_IN_DIR, 'default', `${name}.hbs`),
    ].filter((p): p is string => Boolean(p));
    const found = candidates.find((p) => existsSync(p));
    if (!found) throw new TemplateError(`no template "${name}" for kind "${kind}" (looked in ${candidates.join(', ')})`);
    return found;
  }

  render(kind: CommunicationKind, name: MessageTemplate, context: object): string {
    const template = this.compile(kind, name);
    try {
      return template.render(context);
    } catch (error) {
      throw new TemplateError(`template ${template.path} failed: ${(error as Error).message}`);
    }
  }

  /** The body comms proposes for an auto-drafted message of this kind. */
  draftBody(kind: CommunicationKind, context: { status: PublicStatus; title: string; components: MessageComponent[]; incident: MessageContent['incident'] }): string {
    return this.render(kind, 'draft-body', { ...this.common(), ...context }).trim();
  }

  /** Each channel's rendering of a message, exactly as it would go out. */
  previews(message: MessageContent): MessagePreviews {
    const context = { ...this.common(), ...message };
    const sms = this.render(message.kind, 'sms', context).trim();
    return {
      email: {
        // One line whatever the template or the title holds: a newline in a Subject header would start a new header.
        subject: this.render(message.kind, 'email-subject', context).replace(/\s+/g, ' ').trim(),
        html: this.render(message.kind, 'email-html', context),
        text: `${this.render(message.kind, 'email-text', context).trim()}\n`,
      },
      sms: { text: sms, ...smsSegments(sms) },
      statusPage: {
        title: message.title,
        status: message.status,
        statusLabel: STATUS_LABELS[message.status],
        impact: message.impact,
        body: this.statusPageBody(message),
        components: message.components.map((c) => ({ ...c, statusLabel: COMPONENT_STATUS_LABELS[c.status] })),
      },
    };
  }

  /** What the status page shows as the entry's body; it is also the body `communication.published` carries. */
  statusPageBody(message: MessageContent): string {
    return this.render(message.kind, 'status-page', { ...this.common(), ...message }).trim();
  }

  /**
   * Compiles and renders every template of every kind once with a sample message, so a broken override
   * stops the service at start-up, naming the file, instead of failing an approval later.
   */
  check(): void {
    const components: MessageComponent[] = [{ id: '00000000-0000-4000-8000-000000000000', name: 'Sample component', status: 'major_outage' }];
    for (const kind of communicationKindSchema.options) {
      const sample: MessageContent = { kind, title: 'Sample', status: 'investigating', impact: 'major', body: 'Sample body.', components, channels: ['status_page', 'email', 'sms'], incident: { reference: 'INC-0000', severity: 'P1' } };
      this.previews(sample);
      this.draftBody(kind, { ...sample, ...MAINTENANCE_SAMPLE, ...POSTMORTEM_SAMPLE });
    }
  }

  private common() {
    return { pageName: this.options.pageName, statusPageUrl: this.options.statusPageUrl ?? null };
  }

  private compile(kind: CommunicationKind, name: MessageTemplate) {
    const path = this.templatePath(kind, name);
    const cached = this.compiled.get(path);
    if (cached) return cached;
    let render: Handlebars.TemplateDelegate;
    try {
      // Escaping is on by default. Plain-text outputs (subject, SMS, text email, status-page body, draft
      // body) are never parsed as HTML here: escaping them would send "&amp;" in an SMS. Everything that
      // later puts them into HTML (the approval page, the status page) escapes them there. `{{{` is never used.
      render = this.handlebars.compile(readFileSync(path, 'utf8'), { strict: true, noEscape: !HTML_TEMPLATES.has(name) });
      render({ ...this.common(), kind, title: '', status: 'investigating', impact: 'none', body: '', components: [], channels: [], incident: null, ...MAINTENANCE_SAMPLE, ...POSTMORTEM_SAMPLE });
    } catch (error) {
      throw new TemplateError(`template ${path} does not compile: ${(error as Error).message}`);
    }
    const entry = { path, render };
    this.compiled.set(path, entry);
    return entry;
  }
}
