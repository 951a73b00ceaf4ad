import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Actor, Channel, CommunicationKind, Impact, PublicStatus } from '@sitrep/contracts';
import type { MessageComponent } from '../templates/message-renderer';

export type CommunicationState = 'pending' | 'approved' | 'rejected';

/** The customer-facing fields of a message, as drafted or as edited on approval. */
export interface CommunicationContent {
  title: string;
  status: PublicStatus;
  impact: Impact;
  body: string;
  components: MessageComponent[];
  channels: Channel[];
}

/**
 * One external update, from draft to decision. Only an approved one was published; a rejected one keeps
 * its reason. When the comms lead edited before approving, `original` keeps what was drafted.
 */
@Entity({ name: 'communications' })
export class CommunicationEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'incident_id' }) incidentId!: string;
  @Column('text') subject!: 'incident' | 'maintenance';
  @Column('text') kind!: CommunicationKind;
  @Column('text') state!: CommunicationState;
  /** person: drafted through the API; auto: drafted by comms from an event. */
  @Column('text') origin!: 'person' | 'auto';
  /** For auto-drafts: the event type that caused it ("incident.declared", "deadline.due_soon"…). */
  @Column('text', { nullable: true }) trigger!: string | null;
  @Column('text') title!: string;
  @Column('text') status!: PublicStatus;
  @Column('text') impact!: Impact;
  @Column('text') body!: string;
  @Column('jsonb') components!: MessageComponent[];
  @Column('jsonb') channels!: Channel[];
  @Column('jsonb', { name: 'drafted_by' }) draftedBy!: Actor;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('jsonb', { name: 'decided_by', nullable: true }) decidedBy!: Actor | null;
  @Column('timestamptz', { name: 'decided_at', nullable: true }) decidedAt!: Date | null;
  @Column('boolean') edited!: boolean;
  @Column('jsonb', { nullable: true }) original!: CommunicationContent | null;
  @Column('text', { name: 'rejection_reason', nullable: true }) rejectionReason!: string | null;
  @Column('timestamptz', { name: 'published_at', nullable: true }) publishedAt!: Date | null;
  @Column('uuid', { name: 'published_event_id', nullable: true }) publishedEventId!: string | null;
  @Column('uuid', { name: 'source_event_id', nullable: true }) sourceEventId!: string | null;
  /** The window of a maintenance notice; null for incidents. */
  @Column('timestamptz', { name: 'scheduled_for', nullable: true }) scheduledFor!: Date | null;
  @Column('timestamptz', { name: 'scheduled_until', nullable: true }) scheduledUntil!: Date | null;
}

export function contentOf(row: CommunicationContent): CommunicationContent {
  return { title: row.title, status: row.status, impact: row.impact, body: row.body, components: row.components, channels: row.channels };
}
