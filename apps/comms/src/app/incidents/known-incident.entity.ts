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
  /** incident-core's lifecycle status (declared … closed), from incident.status_changed. */
  @Column('text') status!: string;
  /** When the event that set status / severity / comms lead happened: older events never overwrite newer ones. */
  @Column('timestamptz', { name: 'status_at', nullable: true }) statusAt!: Date | null;
  @Column('timestamptz', { name: 'severity_at', nullable: true }) severityAt!: Date | null;
  /** The person holding the incident's comms_lead role: the only non-admin who may approve its messages. */
  @Column('uuid', { name: 'comms_lead_id', nullable: true }) commsLeadId!: string | null;
  @Column('timestamptz', { name: 'comms_lead_at', nullable: true }) commsLeadAt!: Date | null;
  @Column('uuid', { name: 'component_ids', array: true }) componentIds!: string[];
  @Column('timestamptz', { name: 'resolved_at', nullable: true }) resolvedAt!: Date | null;
}
