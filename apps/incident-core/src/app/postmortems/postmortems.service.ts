import { randomUUID } from 'node:crypto';
import { BadGatewayException, BadRequestException, Inject, Injectable, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '@sitrep/auth';
import { CLOCK, Clock } from '@sitrep/clock';
import type { ExternalPostmortem } from '@sitrep/contracts';
import { actorOf } from '../access/actor';
import { emitDeadlineStage } from '../deadlines/deadline-events';
import { meetDeadline } from '../deadlines/deadline-store';
import { conflict, lockIncident, requireRoleHolder } from '../incidents/incident-access';
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
import { ActionItemBody, ActionItemPatch, ReviewBody, SectionBody } from './postmortem.schemas';
import { proposeReviewSlot } from './review-slot';
import { SECTION_TITLES, SectionKey } from './sections';

/** What createDraft needs of the resolve command's change. */
export type DraftChange = Pick<IncidentChange, 'incidentId' | 'at' | 'emit'>;

function badField(field: string, reason: string): BadRequestException {
  return new BadRequestException({ statusCode: 400, error: 'Bad Request', message: `${field}: ${reason}`, fields: [{ field, reason }] });
}

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

  private async requireRecord(manager: EntityManager, incidentId: string, lock = false) {
    const record = await loadRecord(manager, incidentId, lock);
    if (record) return record;
    const [incident] = await manager.query(`SELECT id FROM core.incidents WHERE id = $1`, [incidentId]);
    throw new NotFoundException(incident ? `incident ${incidentId} has no post-mortem yet: it is drafted when the incident is resolved` : `no incident with id ${incidentId}`);
  }

  private async live(manager: EntityManager, incidentId: string, record: PostmortemRecord, now: Date): Promise<{ doc: PostmortemDocument; facts: IncidentFacts }> {
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
        `Draft: /api/v1/incidents/${incidentId}/postmortem.md`,
      ]
        .filter(Boolean)
        .join('\n'),
      organizer: commander ? invitee(commander, 'CHAIR') : null,
      attendees,
      status: 'TENTATIVE',
    });
  }

  async writeSection(incidentId: string, section: SectionKey, principal: Principal, body: SectionBody) {
    return this.unitOfWork.run(async (manager) => {
      const record = await this.requireRecord(manager, incidentId, true);
      if (record.state === 'published') throw conflict('the post-mortem is published; its text no longer changes (action items still do)');
      const [{ next }]: { next: number }[] = await manager.query(
        `SELECT coalesce(max(version), 0) + 1 AS next FROM core.postmortem_sections WHERE incident_id = $1 AND section = $2`,
        [incidentId, section],
      );
      const now = this.clock.now();
      const author = actorOf(principal);
      await manager.query(
        `INSERT INTO core.postmortem_sections (id, incident_id, section, version, text, author, author_person_id, written_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [randomUUID(), incidentId, section, next, body.text, JSON.stringify(author), principal.personId, now],
      );
      return { section, title: SECTION_TITLES[section], version: next, text: body.text, author, writtenAt: now.toISOString() };
    });
  }

  async history(incidentId: string) {
    const manager = this.dataSource.manager;
    await this.requireRecord(manager, incidentId);
    const versions = await loadSections(manager, incidentId);
    return versions.map((v) => ({ section: v.section, title: SECTION_TITLES[v.section], version: v.version, text: v.text, author: v.author, writtenAt: v.writtenAt.toISOString() }));
  }

  private async itemView(manager: EntityManager, item: ActionItemFact): Promise<ActionItemView> {
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

  async addActionItem(incidentId: string, principal: Principal, body: ActionItemBody): Promise<ActionItemView> {
    return this.unitOfWork.run(async (manager) => {
      await this.requireRecord(manager, incidentId, true);
      if (!(await personById(manager, body.ownerPersonId))) throw badField('ownerPersonId', `no person with id ${body.ownerPersonId}`);
      const now = this.clock.now();
      const [row]: ActionItemRow[] = await manager.query(
        `INSERT INTO core.postmortem_action_items (id, incident_id, position, title, description, owner_person_id, due_date, priority, status, created_at, created_by, updated_at)
         VALUES ($1, $2, (SELECT coalesce(max(position), 0) + 1 FROM core.postmortem_action_items WHERE incident_id = $2), $3, $4, $5, $6, $7, 'open', $8, $9, $8)
         RETURNING ${ACTION_ITEM_COLUMNS}`,
        [randomUUID(), incidentId, body.title, body.description ?? null, body.ownerPersonId, body.dueDate, body.priority, now, JSON.stringify(actorOf(principal))],
      );
      return this.itemView(manager, toActionItem(row));
    });
  }

  private async lockItem(manager: EntityManager, incidentId: string, itemId: string): Promise<ActionItemFact> {
    const [row]: ActionItemRow[] = await manager.query(`SELECT ${ACTION_ITEM_COLUMNS} FROM core.postmortem_action_items WHERE id = $1 AND incident_id = $2 FOR UPDATE`, [itemId, incidentId]);
    if (!row) throw new NotFoundException(`the post-mortem of incident ${incidentId} has no action item ${itemId}`);
    return toActionItem(row);
  }

  async updateActionItem(incidentId: string, itemId: string, body: ActionItemPatch): Promise<ActionItemView> {
    return this.unitOfWork.run(async (manager) => {
      await this.requireRecord(manager, incidentId);
      const item = await this.lockItem(manager, incidentId, itemId);
      if (body.ownerPersonId && !(await personById(manager, body.ownerPersonId))) throw badField('ownerPersonId', `no person with id ${body.ownerPersonId}`);
      const now = this.clock.now();
      const status = body.status ?? item.status;
      const doneAt = status === 'done' ? (item.status === 'done' ? item.doneAt : now) : null;
      const dueDate = body.dueDate ?? item.dueDate;
      const [row]: ActionItemRow[] = await manager.query(
        // UPDATE inside a CTE: TypeORM answers a bare UPDATE ... RETURNING with [rows, count].
        `WITH updated AS (
           UPDATE core.postmortem_action_items SET title = $2, description = $3, owner_person_id = $4, due_date = $5, priority = $6, status = $7, done_at = $8, updated_at = $9,
             last_reminded_at = CASE WHEN due_date = $5::date AND owner_person_id = $4 THEN last_reminded_at ELSE NULL END
           WHERE id = $1 RETURNING *)
         SELECT ${ACTION_ITEM_COLUMNS} FROM updated`,
        [
          itemId,
          body.title ?? item.title,
          body.description === undefined ? item.description : body.description,
          body.ownerPersonId ?? item.ownerPersonId,
          dueDate,
          body.priority ?? item.priority,
          status,
          doneAt,
          now,
        ],
      );
      return this.itemView(manager, toActionItem(row));
    });
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

  /** The commander records that the blameless review took place. */
  async review(incidentId: string, principal: Principal, body: ReviewBody) {
    return this.unitOfWork.run(async (manager, record) => {
      await requireRoleHolder(manager, incidentId, principal, ['commander'], 'record the post-mortem review');
      const pm = await this.requireRecord(manager, incidentId, true);
      if (pm.state !== 'draft') throw conflict(`the post-mortem is already ${pm.state}`);
      const now = this.clock.now();
      await manager.query(`UPDATE core.postmortems SET state = 'reviewed', reviewed_at = $2, reviewed_by = $3, review_notes = $4 WHERE incident_id = $1`, [incidentId, now, principal.personId, body.notes ?? null]);
      const change = new IncidentChange(manager, record, incidentId, actorOf(principal), now);
      await change.line({ kind: 'postmortem_reviewed', text: `post-mortem reviewed${body.notes ? `: ${body.notes}` : ''}` });
      return { state: 'reviewed' as const, reviewedAt: now.toISOString() };
    });
  }

  /**
   * Publishes the reviewed post-mortem: the text is frozen, the post-mortem clock is met and, for a P1,
   * the external version goes to comms as postmortem.published.
   */
  async publish(incidentId: string, principal: Principal): Promise<PostmortemDocument> {
    return this.unitOfWork.run(async (manager, record) => {
      const incident = await lockIncident(manager, incidentId);
      await requireRoleHolder(manager, incidentId, principal, ['commander'], 'publish the post-mortem');
      const pm = await this.requireRecord(manager, incidentId, true);
      if (pm.state === 'published') throw conflict(`the post-mortem was already published at ${pm.publishedAt?.toISOString()}`);
      if (pm.state !== 'reviewed') throw conflict('the post-mortem has not been reviewed: the commander records the review first (POST .../postmortem/review)');
      if (!incident.resolvedAt) throw conflict('the incident was reopened: publish once it is resolved again');
      const now = this.clock.now();
      const change = new IncidentChange(manager, record, incidentId, actorOf(principal), now);
      const met = await meetDeadline(manager, incidentId, 'postmortem', now);
      if (met) await emitDeadlineStage(change, met, 'met');
      const { doc, facts } = await this.live(manager, incidentId, { ...pm, state: 'published', publishedAt: now, publishedBy: change.actor }, now);
      if (doc.missingForPublish.length) {
        throw conflict(`cannot publish: still to write: ${doc.missingForPublish.map((k) => `${k} (${SECTION_TITLES[k]})`).join(', ')}`);
      }
      await manager.query(`UPDATE core.postmortems SET state = 'published', published_at = $2, published_by = $3, published = $4 WHERE incident_id = $1`, [
        incidentId,
        now,
        JSON.stringify(change.actor),
        JSON.stringify(doc),
      ]);
      const external = facts.incident.severity === 'P1' ? externalVersion(doc, facts) : null;
      if (external) {
        await change.emit(
          'postmortem.published',
          { incidentId, reference: facts.incident.reference, severity: facts.incident.severity, publishedAt: now.toISOString(), external },
          { kind: 'postmortem_published', text: 'post-mortem published internally; external version sent to comms for approval' },
        );
      } else {
        await change.line({ kind: 'postmortem_published', text: 'post-mortem published internally' });
      }
      return doc;
    });
  }
}
