import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import Handlebars from 'handlebars';
import type { Principal } from '@sitrep/auth';
import { Channel, CommunicationKind, Impact, POST_INCIDENT_REVIEW, PublicStatus, channelSchema, componentStatusSchema, impactSchema, publicIncidentStatusSchema } from '@sitrep/contracts';
import type { FieldProblem } from '@sitrep/platform';
import type { CommunicationView } from '../communications/communication-view';
import { COMPONENT_STATUS_LABELS, IMPACT_LABELS, STATUS_LABELS, paragraphs } from '../templates/message-renderer';
import type { Flash } from '@sitrep/web-session';

export const CHANNEL_LABELS: Record<Channel, string> = { status_page: 'Status page', email: 'Email', sms: 'SMS', slack: 'Slack' };
const KIND_LABELS: Record<CommunicationKind, string> = {
  initial: 'First notice',
  update: 'Update',
  resolved: 'Resolved notice',
  all_clear: 'All clear',
  postmortem: POST_INCIDENT_REVIEW,
  maintenance_scheduled: 'Maintenance scheduled',
  maintenance_started: 'Maintenance started',
  maintenance_completed: 'Maintenance completed',
};
const FIELD_LABELS: Record<string, string> = { title: 'Title', body: 'Message', status: 'Status', impact: 'Impact', channels: 'Channels', components: 'Components' };

/** What the edit form holds: the draft, or what was just submitted when it was refused. */
export interface EditFormValues {
  title: string;
  body: string;
  status: string;
  impact: string;
  channels: string[];
  /** Component id → status; absent: not affected. */
  components: Record<string, string>;
}

export function formValuesOf(view: CommunicationView): EditFormValues {
  return {
    title: view.title,
    body: view.body,
    status: view.status,
    impact: view.impact,
    channels: view.channels,
    components: Object.fromEntries(view.components.map((c) => [c.id, c.status])),
  };
}

const utc = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

/** The queue page's model: each draft with its previews and its edit form (with the errors of a refused edit). */
export function queueModel(input: {
  principal: Principal;
  csrf: string;
  flash: Flash | null;
  drafts: CommunicationView[];
  components: { id: string; name: string }[];
  refused?: { id: string; values: EditFormValues; problems: FieldProblem[] };
}) {
  return {
    principal: { label: input.principal.label, role: input.principal.role },
    csrf: input.csrf,
    flash: input.flash,
    items: input.drafts.map((draft) => {
      const refused = input.refused?.id === draft.id ? input.refused : null;
      const values = refused?.values ?? formValuesOf(draft);
      const fieldErrors: Record<string, string> = {};
      for (const p of refused?.problems ?? []) {
        const key = p.field.split('.')[0];
        fieldErrors[key] ??= p.reason;
      }
      // Components the draft names come first, then the rest of the catalogue, each once.
      const catalogue = [...draft.components.map((c) => ({ id: c.id, name: c.name })), ...input.components].filter((c, i, all) => all.findIndex((o) => o.id === c.id) === i);
      return {
        ...draft,
        draftedBy: draft.draftedBy.name ?? draft.draftedBy.id,
        createdAtText: utc(draft.createdAt),
        sendsTo: Object.fromEntries(draft.channels.map((c) => [c, true])),
        form: {
          title: values.title,
          body: values.body,
          statuses: publicIncidentStatusSchema.options.map((s) => ({ value: s, label: STATUS_LABELS[s], selected: s === values.status })),
          impacts: impactSchema.options.map((i) => ({ value: i, label: IMPACT_LABELS[i], selected: i === values.impact })),
          channels: channelSchema.options.map((c) => ({ value: c, label: CHANNEL_LABELS[c], checked: values.channels.includes(c) })),
          components: catalogue.map((c) => ({
            id: c.id,
            name: c.name,
            options: [{ value: '', label: 'Not affected', selected: !values.components[c.id] }, ...componentStatusSchema.options.map((s) => ({ value: s, label: COMPONENT_STATUS_LABELS[s], selected: values.components[c.id] === s }))],
          })),
          fieldErrors,
          errors: (refused?.problems ?? []).map((p) => {
            const key = p.field.split('.')[0];
            return { anchor: `${key}-${draft.id}`, label: FIELD_LABELS[key] ?? p.field, reason: p.reason };
          }),
        },
      };
    }),
  };
}

/**
 * The approval page's HTML, from Handlebars files in ./views with an instance of its own. Every value is
 * escaped (`{{ }}` only); the email preview goes into a sandboxed iframe's srcdoc, escaped as an attribute.
 */
@Injectable()
export class PageViews {
  private readonly handlebars = Handlebars.create();
  private readonly templates: Record<'queue' | 'signIn' | 'error', Handlebars.TemplateDelegate>;

  constructor() {
    const h = this.handlebars;
    const read = (name: string) => readFileSync(join(__dirname, 'views', `${name}.hbs`), 'utf8');
    h.registerPartial('layout', read('layout'));
    h.registerHelper('eq', (a: unknown, b: unknown) => a === b);
    h.registerHelper('plural', (n: number, one: string, many: string) => (n === 1 ? one : many));
    h.registerHelper('statusLabel', (s: PublicStatus) => STATUS_LABELS[s] ?? s);
    h.registerHelper('impactLabel', (i: Impact) => IMPACT_LABELS[i] ?? i);
    h.registerHelper('kindLabel', (k: CommunicationKind) => KIND_LABELS[k] ?? k);
    h.registerHelper('channelList', (channels: Channel[]) => channels.map((c) => CHANNEL_LABELS[c] ?? c).join(', '));
    h.registerHelper('paragraphs', (text: string) => paragraphs(String(text ?? '')));
    this.templates = { queue: h.compile(read('queue')), signIn: h.compile(read('sign-in')), error: h.compile(read('error')) };
  }

  queue(model: ReturnType<typeof queueModel>): string {
    return this.templates.queue(model);
  }

  signIn(model: { csrf: string; error?: string | null; sso?: boolean }): string {
    return this.templates.signIn({ csrf: model.csrf, error: model.error ?? null, sso: model.sso ?? false });
  }

  error(model: { status: number; message: string }): string {
    const title = ({ 400: 'That did not work', 403: 'Not allowed', 404: 'Not found', 409: 'Already decided' } as Record<number, string>)[model.status] ?? 'Something went wrong';
    return this.templates.error({ title, message: model.message });
  }
}

/** The approval pages: nothing loaded from anywhere (inline styles only), and forms that post only back here (see sendPage). */
export const APPROVAL_PAGES_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; base-uri 'none'";
