import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ComponentStatus, ComponentView } from '@sitrep/contracts';

/** A part of the service customers see on the status page. */
@Entity({ name: 'components' })
export class ComponentEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('text') name!: string;
  @Column('text', { nullable: true }) description!: string | null;
  @Column('text', { name: 'group_name', nullable: true }) group!: string | null;
  @Column('text') status!: ComponentStatus;
  @Column('integer') position!: number;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}

export function toComponentView(c: ComponentEntity): ComponentView {
  return {
    id: c.id,
    name: c.name,
    description: c.description,
    group: c.group,
    status: c.status,
    position: c.position,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}
