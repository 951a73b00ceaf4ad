import { BadGatewayException, Inject, Injectable, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { CLOCK, Clock } from '@sitrep/clock';
import type { ExternalPostmortem } from '@sitrep/contracts';
import { conflict } from '../incidents/incident-access';
import { IncidentChange } from '../incidents/incident-change';
import { INCIDENT_SETTINGS, IncidentSettings } from '../incidents/incident-settings';
import { personById } from '../incidents/people-lookup';
import { UnitOfWork } from '../outbox/unit-of-work';
import { ActionItemFact, ActionItemView, PostmortemDocument, PostmortemRecord, assembleDocument, isOverdue } from './document';
import { externalVersion } from './external';
import { DraftSettings, IncidentFacts } from './facts';
import { dateTime } from './format';
import { renderInvitation } from './ical';
import { JiraError, createJiraIssue } from './jira';
import { loadIncidentFacts } from './load-facts';
import { renderMarkdown } from './markdown';
import { renderPdf } from './pdf';
import { ACTION_ITEM_COLUMNS, ActionItemRow, loadActionItems, loadRecord, loadSections, toActionItem } from './postmortem-store';
import { POSTMORTEM_SETTINGS, PostmortemSettings } from './postmortem-settings';
import { proposeReviewSlot } from './review-slot';
import { SECTION_TITLES, SectionKey } from './sections';

/** What createDraft needs of the resolve command's change. */
export type DraftChange = Pick<IncidentChange, 'incidentId' | 'at' | 'emit'>;

/** Who is invited to the review: the commander, the leads and the implementers. */
export function reviewAttendees(facts: Pick<IncidentFacts, 'roles' | 'implementers'>): string[] {
  const ids = [facts.roles.commander, facts.roles.engineering_lead, facts.roles.support_lead, facts.roles.comms_lead, ...facts.implementers];
  return [...new Set(ids.filter((id): id is string => Boolean(id)))];
}

/**
 * Post-mortems: drafted on resolution (in the resolve transaction), completed by people section by
 * section, reviewed and published by the commander. The draft is recomputed from the record on every
 * read until it is published; the published text is then frozen (its action items stay live).
 */
@Injectable()
export class PostmortemsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(INCIDENT_SETTINGS) private readonly incidentSettings: IncidentSettings,
    @Inject(POSTMORTEM_SETTINGS) private readonly settings: PostmortemSettings,
  ) {}

  private get draftSettings(): DraftSettings {
    return { customerBaseTotal: this.incidentSettings.customerBaseTotal, normalTicketsPerHour: this.incidentSettings.normalTicketsPerHour, revenuePerMinute: this.settings.revenuePerMinute };
  }

  /**
   * Creates (or, after a reopening, resets) the draft in the resolve command's transaction, proposes
   * the review slot inside the post-mortem deadline, and tells comms (postmortem.draft_created).
   */
  async createDraft(manager: EntityManager, change: DraftChange): Promise<void> {
    const incidentId = change.incidentId;
    const [deadline]: { id: string; due_at: Date }[] = await manager.query(
      `SELECT id, due_at FROM core.deadlines WHERE incident_id = $1 AND kind = 'postmortem' AND state = 'pending' ORDER BY starts_at DESC LIMIT 1`,
      [incidentId],
    );
    const facts = await loadIncidentFacts(manager, incidentId);
    if (!facts) return;
    const slot = proposeReviewSlot(change.at, deadline?.due_at ?? null);
    const record: PostmortemRecord = {
      incidentId,
      state: 'draft',
      createdAt: change.at,
      resolvedAt: change.at,
      reviewSlot: slot,
      reviewedAt: null,
      reviewedBy: null,
      reviewNotes: null,
      publishedAt: null,
      publishedBy: null,
    };
    const doc = assembleDocument({ facts, settings: this.draftSettings, record, sections: await loadSections(manager, incidentId), actionItems: await loadActionItems(manager, incidentId), now: change.at });
    await manager.query(
      `INSERT INTO core.postmortems (incident_id, state, created_at, resolved_at, deadline_id, review_slot_start, review_slot_end, review_slot_within_deadline, generated)
       VALUES ($1, 'draft', $2, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (incident_id) DO UPDATE SET state = 'draft', resolved_at = EXCLUDED.resolved_at, deadline_id = EXCLUDED.deadline_id,
         review_slot_start = EXCLUDED.review_slot_start, review_slot_end = EXCLUDED.review_slot_end, review_slot_within_deadline = EXCLUDED.review_slot_within_deadline,
         generated = EXCLUDED.generated, reviewed_at = NULL, reviewed_by = NULL, review_notes = NULL`,
      [incidentId, change.at, deadline?.id ?? null, slot.start, slot.end, slot.withinDeadline, JSON.stringify(doc)],
    );
    const due = deadline ? ` (post-mortem due ${dateTime(deadline.due_at)})` : '';
    await change.emit(
      'postmortem.draft_created',
      {
        incidentId,
        dueAt: deadline?.due_at.toISOString() ?? null,
        reviewSlot: { start: slot.start.toISOString(), end: slot.end.toISOString(), withinDeadline: slot.withinDeadline },
        attendeePersonIds: reviewAttendees(facts),
        ics: await this.reviewInvitation(incidentId, manager as EntityManager),
        summary: `Post-mortem review: ${facts.incident.reference} ${facts.incident.title}`,
      },
      { kind: 'postmortem_draft', text: `post-mortem draft created; review proposed ${dateTime(slot.start)}${slot.withinDeadline ? '' : ' (no working-hours slot before the deadline)'}${due}` },
    );
  }

  async requireRecord(manager: EntityManager, incidentId: string, lock = false) {
    const record = await loadRecord(manager, incidentId, lock);
    if (record) return record;
    const [incident] = await manager.query(`SELECT id FROM core.incidents WHERE id = $1`, [incidentId]);
    throw new NotFoundException(incident ? `incident ${incidentId} has no post-mortem yet: it is drafted when the incident is resolved` : `no incident with id ${incidentId}`);
  }

  async live(manager: EntityManager, incidentId: string, record: PostmortemRecord, now: Date): Promise<{ doc: PostmortemDocument; facts: IncidentFacts }> {
    const facts = await loadIncidentFacts(manager, incidentId);
    if (!facts) throw new NotFoundException(`no incident with id ${incidentId}`);
    const doc = assembleDocument({ facts, settings: this.draftSettings, record, sections: await loadSections(manager, incidentId), actionItems: await loadActionItems(manager, incidentId), now });
    return { doc, facts };
  }

  /** The post-mortem as it stands: live until published, then the published text with live action items. */
  async document(incidentId: string): Promise<PostmortemDocument> {
    const manager = this.dataSource.manager;
    const record = await this.requireRecord(manager, incidentId);
    const { doc } = await this.live(manager, incidentId, record, this.clock.now());
    if (record.state === 'published' && record.published) return { ...(record.published as PostmortemDocument), actionItems: doc.actionItems };
    return doc;
  }

  async markdown(incidentId: string): Promise<string> {
    return renderMarkdown(await this.document(incidentId));
  }

  async pdf(incidentId: string): Promise<Buffer> {
    return renderPdf(await this.document(incidentId), this.clock.now());
  }

  /** What comms would receive on publication (P1): for the review, before publishing. */
  async external(incidentId: string): Promise<{ severity: string; external: ExternalPostmortem | null; missing: SectionKey[] }> {
    const manager = this.dataSource.manager;
    const record = await this.requireRecord(manager, incidentId);
    const { doc, facts } = await this.live(manager, incidentId, record, this.clock.now());
    return { severity: facts.incident.severity, external: externalVersion(doc, facts), missing: doc.missingForPublish };
  }

  /** The proposed review meeting as an iCalendar VEVENT (comms e-mails it; anyone can import it). */
  async reviewInvitation(incidentId: string, manager: EntityManager = this.dataSource.manager): Promise<string> {
    const record = await this.requireRecord(manager, incidentId);
    const facts = await loadIncidentFacts(manager, incidentId);
    if (!facts) throw new NotFoundException(`no incident with id ${incidentId}`);
    const invitee = (id: string, role: 'CHAIR' | 'REQ-PARTICIPANT') => (facts.people[id] ? { name: facts.people[id].name, email: facts.people[id].email, role } : null);
    const commander = facts.roles.commander ?? null;
    const attendees = reviewAttendees(facts)
      .map((id) => invitee(id, id === commander ? 'CHAIR' : 'REQ-PARTICIPANT'))
      .filter((a): a is NonNullable<typeof a> => a !== null);
    const clock = [...facts.deadlines].reverse().find((d) => d.kind === 'postmortem');
    const { incident } = facts;
    return renderInvitation({
      uid: `postmortem-review-${incidentId}@sitrep`,
      stamp: record.createdAt,
      start: record.reviewSlot.start,
      end: record.reviewSlot.end,
      summary: `Post-mortem review: ${incident.reference} ${incident.title}`,
      description: [
        `Blameless post-mortem review of ${incident.reference} (${incident.severity}): ${incident.title}.`,
        clock ? `The post-mortem is due ${dateTime(clock.dueAt)}.` : null,
        // A calendar shows what it is given: the links are absolute, or they lead nowhere.
        `Draft: ${this.settings.publicUrl ?? 'http://localhost:3000'}/api/v1/incidents/${incidentId}/postmortem.md`,
        `Console: ${this.settings.publicUrl ?? 'http://localhost:3000'}/console/incidents/${incidentId}`,
      ]
        .filter(Boolean)
        .join('\n'),
      organizer: commander ? invitee(commander, 'CHAIR') : null,
      attendees,
      status: 'TENTATIVE',
    });
  }

  async history(incidentId: string) {
    const manager = this.dataSource.manager;
    await this.requireRecord(manager, incidentId);
    const versions = await loadSections(manager, incidentId);
    return versions.map((v) => ({ section: v.section, title: SECTION_TITLES[v.section], version: v.version, text: v.text, author: v.author, writtenAt: v.writtenAt.toISOString() }));
  }

  async itemView(manager: EntityManager, item: ActionItemFact): Promise<ActionItemView> {
    const owner = await personById(manager, item.ownerPersonId);
    return {
      id: item.id,
      position: item.position,
      title: item.title,
      description: item.description,
      owner: { personId: item.ownerPersonId, name: owner?.name ?? item.ownerPersonId },
      dueDate: item.dueDate,
      priority: item.priority,
      status: item.status,
      overdue: isOverdue(item, this.clock.now()),
      doneAt: item.doneAt?.toISOString() ?? null,
      jira: item.jiraKey ? { key: item.jiraKey, url: item.jiraUrl } : null,
    };
  }

  async listActionItems(incidentId: string): Promise<ActionItemView[]> {
    const manager = this.dataSource.manager;
    await this.requireRecord(manager, incidentId);
    return Promise.all((await loadActionItems(manager, incidentId)).map((i) => this.itemView(manager, i)));
  }

  /** Creates the Jira issue for an action item and stores its key and browse URL. */
  async exportActionItem(incidentId: string, itemId: string): Promise<ActionItemView> {
    const jira = this.settings.jira;
    if (!jira) throw new ServiceUnavailableException('Jira is not configured: set JIRA_URL, JIRA_USER, JIRA_API_TOKEN and JIRA_PROJECT_KEY');
    const manager = this.dataSource.manager;
    await this.requireRecord(manager, incidentId);
    const [row]: ActionItemRow[] = await manager.query(`SELECT ${ACTION_ITEM_COLUMNS} FROM core.postmortem_action_items WHERE id = $1 AND incident_id = $2`, [itemId, incidentId]);
    if (!row) throw new NotFoundException(`the post-mortem of incident ${incidentId} has no action item ${itemId}`);
    const item = toActionItem(row);
    if (item.jiraKey) throw conflict(`action item ${itemId} is already exported as ${item.jiraKey}${item.jiraUrl ? ` (${item.jiraUrl})` : ''}`);
    const [incident]: { reference: string; title: string; severity: string }[] = await manager.query(`SELECT reference, title, severity FROM core.incidents WHERE id = $1`, [incidentId]);
    const owner = await personById(manager, item.ownerPersonId);
    let created;
    try {
      created = await createJiraIssue(jira, {
        summary: item.title,
        description: [
          item.description,
          `Post-mortem action item of ${incident.reference} (${incident.severity}): ${incident.title}.`,
          `Owner: ${owner?.name ?? item.ownerPersonId}. Due: ${item.dueDate}. Priority: ${item.priority}.`,
          `Sitrep: /api/v1/incidents/${incidentId}/postmortem`,
        ]
          .filter(Boolean)
          .join('\n\n'),
        priority: item.priority,
        dueDate: item.dueDate,
        labels: ['sitrep', 'postmortem', incident.reference],
      });
    } catch (error) {
      if (error instanceof JiraError) throw new BadGatewayException({ statusCode: 502, error: 'Bad Gateway', message: error.message });
      throw error;
    }
    const [updated]: ActionItemRow[] = await manager.query(
      `WITH updated AS (UPDATE core.postmortem_action_items SET jira_key = $2, jira_url = $3, exported_at = $4 WHERE id = $1 AND jira_key IS NULL RETURNING *)
       SELECT ${ACTION_ITEM_COLUMNS} FROM updated`,
      [itemId, created.key, created.browseUrl, this.clock.now()],
    );
    if (!updated) throw conflict(`action item ${itemId} was exported by someone else meanwhile; Jira issue ${created.key} is a duplicate`);
    return this.itemView(manager, toActionItem(updated));
  }
}
