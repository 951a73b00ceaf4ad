import { Column, Entity, PrimaryColumn } from 'typeorm';

/** comms' own copy of the incidents it has heard of: what it needs to draft and address messages. */
@Entity({ name: 'known_incidents' })
export class KnownIncidentEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('text') reference!: string;
  @Column('text') title!: string;
  @Column('text') severity!: string;
  @Column('timestamptz', { name: 'declared_at' }) declaredAt!: Date;
  @Column('timestamptz', { name: 'heard_at' }) heardAt!: Date;
  @Column('uuid', { name: 'source_event_id' }) sourceEventId!: string;
}
