import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One line of an incident's append-only timeline. Never updated, never deleted. */
@Entity({ name: 'timeline_entries' })
export class TimelineEntryEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'incident_id' }) incidentId!: string;
  @Column('timestamptz') at!: Date;
  @Column('text') kind!: string;
  @Column('text') text!: string;
  @Column('jsonb') actor!: { kind: string; id: string; name?: string };
  @Column('uuid', { name: 'event_id', nullable: true }) eventId!: string | null;
}
