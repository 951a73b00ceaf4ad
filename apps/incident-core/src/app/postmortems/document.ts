import type { Actor, ActionItemPriority, ActionItemStatus } from '@sitrep/contracts';
import { DraftSettings, IncidentFacts, actorName } from './facts';
import { PostmortemDraft, buildDraft } from './draft';
import { isoDay } from './format';
import { REQUIRED_FOR_PUBLISH, SECTION_KEYS, SectionKey, WrittenSections } from './sections';

/** The whole post-mortem: the draft that wrote itself, what people wrote, the action items, its state. */

export type PostmortemState = 'draft' | 'reviewed' | 'published';

export interface PostmortemRecord {
  incidentId: string;
  state: PostmortemState;
  createdAt: Date;
  resolvedAt: Date;
  reviewSlot: { start: Date; end: Date; withinDeadline: boolean };
  reviewedAt: Date | null;
  reviewedBy: string | null;
  reviewNotes: string | null;
  publishedAt: Date | null;
  publishedBy: Actor | null;
}

export interface SectionVersion {
  section: SectionKey;
  version: number;
  text: string;
  author: Actor;
  writtenAt: Date;
}

export interface ActionItemFact {
  id: string;
  position: number;
  title: string;
  description: string | null;
  ownerPersonId: string;
  /** YYYY-MM-DD */
  dueDate: string;
  priority: ActionItemPriority;
  status: ActionItemStatus;
  createdAt: Date;
  updatedAt: Date;
  doneAt: Date | null;
  jiraKey: string | null;
  jiraUrl: string | null;
}

export interface ActionItemView {
  id: string;
  position: number;
  title: string;
  description: string | null;
  owner: { personId: string; name: string };
  dueDate: string;
  priority: ActionItemPriority;
  status: ActionItemStatus;
  overdue: boolean;
  doneAt: string | null;
  jira: { key: string; url: string | null } | null;
}

export interface WrittenSection {
  text: string;
  version: number;
  author: string;
  writtenAt: string;
}

export interface PostmortemDocument {
  incidentId: string;
  reference: string;
  state: PostmortemState;
  createdAt: string;
  /** The post-mortem clock (48 hours after resolution for a P1). */
  due: { at: string; state: string; metAt: string | null } | null;
  reviewSlot: { start: string; end: string; withinDeadline: boolean };
  review: { at: string; by: string; notes: string | null } | null;
  publication: { at: string; by: string } | null;
  summary: PostmortemDraft['summary'];
  impact: PostmortemDraft['impact'];
  timeline: PostmortemDraft['timeline'];
  fullTimeline: PostmortemDraft['fullTimeline'];
  rootCause: { technical: string | null; contributingFactors: string | null; detectionDelay: string | null; escalationDelay: string | null };
  effectiveness: PostmortemDraft['effectiveness'];
  wentWell: { suggested: string[]; agreed: string | null };
  couldImprove: { suggested: string[]; agreed: string | null };
  actionItems: ActionItemView[];
  prevention: { prevent: string | null; detectFaster: string | null; respondBetter: string | null };
  distribution: { internal: string; external: string; followUp: string };
  /** The latest version of every written section. */
  sections: Partial<Record<SectionKey, WrittenSection>>;
  /** Sections still to write before it can be published. */
  missingForPublish: SectionKey[];
  generatedAt: string;
}

/** The latest version of each section, from all versions. */
export function latestSections(versions: readonly SectionVersion[]): Partial<Record<SectionKey, SectionVersion>> {
  const latest: Partial<Record<SectionKey, SectionVersion>> = {};
  for (const v of versions) if (!latest[v.section] || latest[v.section]!.version < v.version) latest[v.section] = v;
  return latest;
}

export function isOverdue(item: Pick<ActionItemFact, 'status' | 'dueDate'>, now: Date): boolean {
  return item.status === 'open' && item.dueDate < isoDay(now);
}

export interface DocumentInput {
  facts: IncidentFacts;
  settings: DraftSettings;
  record: PostmortemRecord;
  sections: readonly SectionVersion[];
  actionItems: readonly ActionItemFact[];
  now: Date;
}

export function assembleDocument({ facts, settings, record, sections, actionItems, now }: DocumentInput): PostmortemDocument {
  const latest = latestSections(sections);
  const written: WrittenSections = Object.fromEntries(Object.entries(latest).map(([k, v]) => [k, v.text]));
  const draft = buildDraft(facts, settings, written, now);
  const text = (key: SectionKey) => written[key]?.trim() || null;
  const person = (id: string) => facts.people[id]?.name ?? id;
  // The live post-mortem clock: the latest one (a reopened incident gets a new one on its next resolution).
  const clock = [...facts.deadlines].reverse().find((d) => d.kind === 'postmortem') ?? null;
  const p1 = facts.incident.severity === 'P1';
  return {
    incidentId: record.incidentId,
    reference: facts.incident.reference,
    state: record.state,
    createdAt: record.createdAt.toISOString(),
    due: clock ? { at: clock.dueAt.toISOString(), state: clock.state, metAt: clock.metAt?.toISOString() ?? null } : null,
    reviewSlot: { start: record.reviewSlot.start.toISOString(), end: record.reviewSlot.end.toISOString(), withinDeadline: record.reviewSlot.withinDeadline },
    review: record.reviewedAt ? { at: record.reviewedAt.toISOString(), by: record.reviewedBy ? person(record.reviewedBy) : 'admin', notes: record.reviewNotes } : null,
    publication: record.publishedAt ? { at: record.publishedAt.toISOString(), by: record.publishedBy ? actorName(record.publishedBy, facts.people) : 'unknown' } : null,
    summary: draft.summary,
    impact: draft.impact,
    timeline: draft.timeline,
    fullTimeline: draft.fullTimeline,
    rootCause: { technical: text('root_cause'), contributingFactors: text('contributing_factors'), detectionDelay: text('detection_delay'), escalationDelay: text('escalation_delay') },
    effectiveness: draft.effectiveness,
    wentWell: { suggested: draft.suggestions.wentWell, agreed: text('what_went_well') },
    couldImprove: { suggested: draft.suggestions.couldImprove, agreed: text('what_could_be_improved') },
    actionItems: [...actionItems]
      .sort((a, b) => a.position - b.position)
      .map((i) => ({
        id: i.id,
        position: i.position,
        title: i.title,
        description: i.description,
        owner: { personId: i.ownerPersonId, name: person(i.ownerPersonId) },
        dueDate: i.dueDate,
        priority: i.priority,
        status: i.status,
        overdue: isOverdue(i, now),
        doneAt: i.doneAt?.toISOString() ?? null,
        jira: i.jiraKey ? { key: i.jiraKey, url: i.jiraUrl } : null,
      })),
    prevention: { prevent: text('prevention_prevent'), detectFaster: text('prevention_detect'), respondBetter: text('prevention_respond') },
    distribution: {
      internal: 'All engineering, support, and leadership teams',
      external: p1 ? 'Public post-mortem on the blog/status page: sent to comms for approval when published (P1)' : `None (${facts.incident.severity}: external post-mortems are for P1)`,
      followUp: 'Action items tracked in Jira; reviewed in the monthly ops meeting',
    },
    sections: Object.fromEntries(
      SECTION_KEYS.filter((k) => latest[k]).map((k) => {
        const v = latest[k]!;
        return [k, { text: v.text, version: v.version, author: actorName(v.author, facts.people), writtenAt: v.writtenAt.toISOString() }];
      }),
    ),
    missingForPublish: REQUIRED_FOR_PUBLISH.filter((k) => !text(k)),
    generatedAt: now.toISOString(),
  };
}
