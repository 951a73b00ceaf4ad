import type { CommunicationKind, ComponentStatus, ComponentView, Impact, PublicStatus, SitrepEvent } from '@sitrep/contracts';

const utc = (at: string) => new Date(at).toISOString();
const utcOrNull = (at: string | null | undefined) => (at ? utc(at) : null);

/** One approved, published message about an incident or a maintenance, as customers saw it. */
export interface PublishedUpdate {
  communicationId: string;
  kind: CommunicationKind;
  status: PublicStatus;
  impact: Impact;
  title: string;
  body: string;
  components: { id: string; name: string; status: ComponentStatus }[];
  publishedAt: string;
  scheduledFor: string | null;
  scheduledUntil: string | null;
}

/**
 * The public record of one incident or maintenance: nothing but its published updates, oldest first.
 * Everything shown about it (title, status, affected components, timestamps) is derived from them.
 */
export interface PublicReport {
  id: string;
  subject: 'incident' | 'maintenance';
  updates: PublishedUpdate[];
  /** The public post-mortem, once a communication of kind `postmortem` was published. */
  postmortem: { communicationId: string; title: string; body: string; publishedAt: string } | null;
}

/** What the model holds, as plain data: written to the snapshot file and read back at a cold start. */
export interface ReadModelState {
  version: 1;
  components: ComponentView[];
  reports: PublicReport[];
  /** The latest time anything public changed. */
  updatedAt: string | null;
}

export interface StatusSnapshot {
  components: ComponentView[];
  reports: PublicReport[];
  updatedAt: string | null;
}

/**
 * What the public may see, folded from published events only: component.created, and
 * communication.published for the status_page channel. It never sees incident-core's internal events, so
 * internal notes, internal titles and responders' names cannot reach the page.
 * Applying an event twice changes nothing, so replays and redeliveries are harmless.
 */
export class StatusReadModel {
  private readonly components = new Map<string, ComponentView>();
  private readonly reports = new Map<string, PublicReport>();
  private readonly seenEvents = new Set<string>();
  private readonly seenCommunications = new Set<string>();
  private updatedAt: string | null = null;

  /** Returns whether the public view changed. */
  apply(event: SitrepEvent): boolean {
    if (this.seenEvents.has(event.id)) return false;
    this.seenEvents.add(event.id);
    switch (event.type) {
      case 'component.created': {
        // Timestamps may carry any offset on the wire; in here they are compared as strings, so all UTC.
        const component = { ...event.data.component, createdAt: utc(event.data.component.createdAt), updatedAt: utc(event.data.component.updatedAt) };
        const current = this.components.get(component.id);
        if (current && current.updatedAt >= component.updatedAt) return false;
        this.components.set(component.id, component);
        this.touch(component.updatedAt);
        return true;
      }
      case 'communication.published': {
        const c = { ...event.data, publishedAt: utc(event.data.publishedAt), scheduledFor: utcOrNull(event.data.scheduledFor), scheduledUntil: utcOrNull(event.data.scheduledUntil) };
        if (!c.channels.includes('status_page')) return false;
        // comms may republish the same communication (a retried publish gets a new event id).
        if (this.seenCommunications.has(c.communicationId)) return false;
        this.seenCommunications.add(c.communicationId);
        const id = event.incidentId ?? c.communicationId;
        const report = this.reports.get(id) ?? { id, subject: c.subject, updates: [], postmortem: null };
        if (c.kind === 'postmortem') {
          if (!report.postmortem || report.postmortem.publishedAt <= c.publishedAt) {
            report.postmortem = { communicationId: c.communicationId, title: c.title, body: c.body, publishedAt: c.publishedAt };
          }
        } else {
          report.updates.push({
            communicationId: c.communicationId,
            kind: c.kind,
            status: c.status,
            impact: c.impact,
            title: c.title,
            body: c.body,
            components: c.components.map((x) => ({ id: x.id, name: x.name, status: x.status })),
            publishedAt: c.publishedAt,
            scheduledFor: c.scheduledFor ?? null,
            scheduledUntil: c.scheduledUntil ?? null,
          });
          report.updates.sort((a, b) => a.publishedAt.localeCompare(b.publishedAt) || a.communicationId.localeCompare(b.communicationId));
        }
        this.reports.set(id, report);
        this.touch(c.publishedAt);
        return true;
      }
      default:
        return false;
    }
  }

  private touch(at: string): void {
    if (!this.updatedAt || at > this.updatedAt) this.updatedAt = at;
  }

  snapshot(): StatusSnapshot {
    const components = [...this.components.values()].sort((a, b) => a.position - b.position || a.name.localeCompare(b.name));
    return { components, reports: [...this.reports.values()], updatedAt: this.updatedAt };
  }

  toState(): ReadModelState {
    return { version: 1, ...this.snapshot() };
  }

  /** A model rebuilt from a snapshot file (the event ids are not kept: a later replay goes into a fresh model). */
  static fromState(state: ReadModelState): StatusReadModel {
    if (state.version !== 1) throw new Error(`unsupported status-page snapshot version ${String(state.version)}`);
    const model = new StatusReadModel();
    for (const component of state.components) model.components.set(component.id, component);
    for (const report of state.reports) {
      model.reports.set(report.id, report);
      for (const update of report.updates) model.seenCommunications.add(update.communicationId);
      if (report.postmortem) model.seenCommunications.add(report.postmortem.communicationId);
    }
    model.updatedAt = state.updatedAt;
    return model;
  }
}
