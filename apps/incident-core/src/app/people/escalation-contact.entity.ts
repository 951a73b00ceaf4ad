import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { EscalationContactRole } from '@sitrep/contracts';

/** Who holds an escalation role (engineering VP, CTO…): one person per role. */
@Entity({ name: 'escalation_contacts' })
export class EscalationContactEntity {
  @PrimaryColumn('text') role!: EscalationContactRole;
  @Column('uuid', { name: 'person_id' }) personId!: string;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}
