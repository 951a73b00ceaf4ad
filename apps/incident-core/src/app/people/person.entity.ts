import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { PersonDetails } from '@sitrep/contracts';
import type { PersonRole } from './person-roles';

/** Someone Sitrep can page, assign or escalate to. */
@Entity({ name: 'people' })
export class PersonEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('text') name!: string;
  /** Always stored lower-cased; unique. */
  @Column('text') email!: string;
  /** E.164, e.g. +14155550123. */
  @Column('text', { nullable: true }) phone!: string | null;
  @Column('text', { name: 'slack_user_id', nullable: true }) slackUserId!: string | null;
  @Column('boolean', { name: 'on_call' }) onCall!: boolean;
  @Column('text', { array: true }) roles!: PersonRole[];
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}

/** A person as the API answers with it. */
export interface Person {
  id: string;
  name: string;
  email: string;
  phone: string | null;
  slackUserId: string | null;
  onCall: boolean;
  roles: PersonRole[];
  createdAt: string;
  updatedAt: string;
}

export function toPerson(p: PersonEntity): Person {
  return { ...toPersonDetails(p), roles: [...p.roles], createdAt: p.createdAt.toISOString(), updatedAt: p.updatedAt.toISOString() };
}

/** A person as person.registered / person.updated carry it. */
export function toPersonDetails(p: PersonEntity | Person): PersonDetails & { roles: PersonRole[] } {
  return { id: p.id, name: p.name, email: p.email, phone: p.phone, slackUserId: p.slackUserId, onCall: p.onCall, roles: [...p.roles] };
}
