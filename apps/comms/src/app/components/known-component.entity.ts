import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The component catalogue as comms heard it from component.created: names for drafts and validation. */
@Entity({ name: 'known_components' })
export class KnownComponentEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('text') name!: string;
  @Column('text', { name: 'group_name', nullable: true }) groupName!: string | null;
  @Column('timestamptz', { name: 'heard_at' }) heardAt!: Date;
  @Column('uuid', { name: 'source_event_id' }) sourceEventId!: string;
}
