import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { IncidentStatus, IncidentView, Severity } from '@sitrep/contracts';

@Entity({ name: 'incidents' })
export class IncidentEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('text', { unique: true }) reference!: string;
  @Column('text') title!: string;
  @Column('text') severity!: Severity;
  @Column('text') status!: IncidentStatus;
  @Column('text', { nullable: true }) summary!: string | null;
  @Column('uuid', { name: 'component_ids', array: true }) componentIds!: string[];
  @Column('timestamptz', { name: 'declared_at' }) declaredAt!: Date;
  @Column('jsonb', { name: 'declared_by' }) declaredBy!: { kind: string; id: string; name?: string };
}

export function toIncidentView(i: IncidentEntity): IncidentView {
  return {
    id: i.id,
    reference: i.reference,
    title: i.title,
    severity: i.severity,
    status: i.status,
    summary: i.summary,
    componentIds: i.componentIds,
    declaredAt: i.declaredAt.toISOString(),
  };
}
