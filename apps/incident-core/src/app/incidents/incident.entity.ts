import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Actor, Assessment, IncidentStatus, IncidentView, Severity } from '@sitrep/contracts';

export type Trigger = IncidentView['trigger'];

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
  @Column('jsonb', { name: 'declared_by' }) declaredBy!: Actor;
  @Column('text') trigger!: Trigger;
  @Column('jsonb', { name: 'trigger_detail', nullable: true }) triggerDetail!: { affectedCustomers?: { count?: number; ids?: string[] }; escalatedBy?: string } | null;
  @Column('uuid', { name: 'duplicate_of', nullable: true }) duplicateOf!: string | null;
  @Column('jsonb', { nullable: true }) assessment!: Assessment | null;
  @Column('timestamptz', { name: 'fix_deployed_at', nullable: true }) fixDeployedAt!: Date | null;
  @Column('text', { name: 'deploy_ref', nullable: true }) deployRef!: string | null;
  @Column('boolean', { name: 'verification_passed', default: false }) verificationPassed!: boolean;
  @Column('timestamptz', { name: 'stable_since', nullable: true }) stableSince!: Date | null;
  @Column('boolean', { name: 'last_signal_healthy', nullable: true }) lastSignalHealthy!: boolean | null;
  @Column('timestamptz', { name: 'resolved_at', nullable: true }) resolvedAt!: Date | null;
  @Column('timestamptz', { name: 'recovery_watch_ends_at', nullable: true }) recoveryWatchEndsAt!: Date | null;
  @Column('timestamptz', { name: 'closed_at', nullable: true }) closedAt!: Date | null;
  @Column('timestamptz', { name: 'media_attention_at', nullable: true }) mediaAttentionAt!: Date | null;
}

export function toIncidentView(i: IncidentEntity, commanderId: string | null): IncidentView {
  return {
    id: i.id,
    reference: i.reference,
    title: i.title,
    severity: i.severity,
    status: i.status,
    summary: i.summary,
    componentIds: i.componentIds,
    declaredAt: i.declaredAt.toISOString(),
    trigger: i.trigger,
    commanderId,
  };
}
