import { randomUUID } from 'node:crypto';
import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  Inject,
  Injectable,
  NotFoundException,
  OnApplicationBootstrap,
  Optional,
} from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { Principal, Role, SqlTokenStore, generateToken, hashToken } from '@sitrep/auth';
import { CLOCK, Clock } from '@sitrep/clock';
import { Actor, EscalationContactRole, SYSTEM_ACTOR, createEvent } from '@sitrep/contracts';
import { LOGGER } from '@sitrep/platform';
import { CORE_SCHEMA } from '../core-schema';
import { RecordEvent, UnitOfWork } from '../outbox/unit-of-work';
import { EscalationContactEntity } from './escalation-contact.entity';
import { CreatePersonBody, ESCALATION_ROLES, IssueTokenBody, ListPeopleQuery, UpdatePersonBody } from './people.schemas';
import { Person, PersonEntity, toPerson, toPersonDetails } from './person.entity';
import { PersonRole } from './person-roles';
import { ROSTER_FILE, Roster, loadRosterFile } from './roster-file';

export interface EscalationContact {
  role: EscalationContactRole;
  person: Person;
}

export interface IssuedToken {
  /** Shown once: only its hash is stored. */
  token: string;
  tokenId: string;
  role: Role;
  personId: string;
}

export interface RosterResult {
  registered: number;
  updated: number;
  contactsSet: number;
}

const ROSTER_ACTOR: Actor = { ...SYSTEM_ACTOR, name: 'roster file' };
/** Serialises roster loads of replicas starting together (pg_advisory_xact_lock key). */
const ROSTER_LOCK_KEY = 736_745_001;

/** The people Sitrep can page, assign and escalate to, who holds each escalation role, and their tokens. */
@Injectable()
export class PeopleService implements OnApplicationBootstrap {
  private readonly tokens: SqlTokenStore;

  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    @Optional() @Inject(ROSTER_FILE) private readonly rosterFile: string | null = null,
  ) {
    this.tokens = new SqlTokenStore((sql, params) => this.dataSource.query(sql, params), CORE_SCHEMA);
  }

  /** Loads SITREP_ROSTER_FILE, if set, before the app takes requests; a bad file stops the start. */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.rosterFile) return;
    const result = await this.applyRoster(loadRosterFile(this.rosterFile));
    this.logger.info({ rosterFile: this.rosterFile, ...result }, 'roster file loaded');
  }

  async list(filter: ListPeopleQuery = {}): Promise<Person[]> {
    const query = this.dataSource.getRepository(PersonEntity).createQueryBuilder('p').orderBy('p.name', 'ASC').addOrderBy('p.id', 'ASC');
    if (filter.role) query.andWhere(':role = ANY(p.roles)', { role: filter.role });
    if (filter.onCall !== undefined) query.andWhere('p.onCall = :onCall', { onCall: filter.onCall });
    return (await query.getMany()).map(toPerson);
  }

  async find(id: string): Promise<Person | null> {
    const person = await this.dataSource.getRepository(PersonEntity).findOneBy({ id });
    return person ? toPerson(person) : null;
  }

  async get(id: string): Promise<Person> {
    const person = await this.find(id);
    if (!person) throw new NotFoundException(`no person with id ${id}`);
    return person;
  }

  /** The first on-call person, by name, who holds the role; null when nobody does. */
  async onCallWithRole(role: PersonRole): Promise<Person | null> {
    return (await this.list({ role, onCall: true }))[0] ?? null;
  }

  /** Who holds an escalation role; null when nobody has been named. */
  async contactFor(role: EscalationContactRole): Promise<Person | null> {
    const contact = await this.dataSource.getRepository(EscalationContactEntity).findOneBy({ role });
    return contact ? this.find(contact.personId) : null;
  }

  async register(body: CreatePersonBody, actor: Actor): Promise<Person> {
    return this.conflictsAsHttp(body.email, () =>
      this.unitOfWork.run(async (manager, record) => {
        await this.assertEmailFree(manager, body.email);
        return toPerson(await this.insertPerson(manager, record, body, actor));
      }),
    );
  }

  async update(id: string, changes: UpdatePersonBody, actor: Actor): Promise<Person> {
    return this.conflictsAsHttp(changes.email, () =>
      this.unitOfWork.run(async (manager, record) => {
        const person = await manager.getRepository(PersonEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
        if (!person) throw new NotFoundException(`no person with id ${id}`);
        if (changes.email !== undefined && changes.email !== person.email) await this.assertEmailFree(manager, changes.email);
        await this.changePerson(manager, record, person, changes, actor);
        return toPerson(person);
      }),
    );
  }

  async listContacts(): Promise<EscalationContact[]> {
    const rows = await this.dataSource.getRepository(EscalationContactEntity).find();
    const people = new Map((await this.peopleByIds(rows.map((r) => r.personId))).map((p) => [p.id, p]));
    return rows
      .filter((row) => people.has(row.personId))
      .sort((a, b) => ESCALATION_ROLES.indexOf(a.role) - ESCALATION_ROLES.indexOf(b.role))
      .map((row) => ({ role: row.role, person: people.get(row.personId)! }));
  }

  async setContact(role: string, personId: string): Promise<EscalationContact> {
    if (!isEscalationRole(role)) {
      const allowed = ESCALATION_ROLES.join(', ');
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: `unknown escalation role "${role}"; allowed: ${allowed}`,
        fields: [{ field: 'role', reason: `must be one of ${allowed}` }],
      });
    }
    return this.unitOfWork.run(async (manager) => {
      const person = await manager.getRepository(PersonEntity).findOneBy({ id: personId });
      if (!person) {
        throw new BadRequestException({
          statusCode: 400,
          error: 'Bad Request',
          message: `personId: no person with id ${personId}`,
          fields: [{ field: 'personId', reason: `no person with id ${personId}` }],
        });
      }
      await this.setContactIn(manager, role, person.id);
      return { role, person: toPerson(person) };
    });
  }

  /** A new API token for a person; only its hash is kept, so the answer is the one chance to see it. */
  async issueToken(personId: string, body: IssueTokenBody, caller: Principal): Promise<IssuedToken> {
    if (body.role === 'admin' && caller.role !== 'admin') throw new ForbiddenException('only an admin may issue admin tokens');
    const person = await this.get(personId);
    const token = generateToken();
    await this.tokens.add(token, body.role, body.label ?? person.name, person.id);
    const stored = await this.tokens.findByHash(hashToken(token));
    if (!stored) throw new Error(`token for person ${person.id} was not stored`);
    this.logger.info({ personId: person.id, tokenId: stored.tokenId, role: body.role, issuedBy: caller.tokenId }, 'person token issued');
    return { token, tokenId: stored.tokenId, role: body.role, personId: person.id };
  }

  /**
   * Upserts the file's people by email, then names its escalation contacts, in one transaction. Only the
   * fields a person's entry gives are written, so what changed since through the API (onCall, say) stays
   * unless the file says otherwise; a second load of the same file changes nothing and records no event.
   */
  async applyRoster(roster: Roster): Promise<RosterResult> {
    return this.unitOfWork.run(async (manager, record) => {
      await manager.query('SELECT pg_advisory_xact_lock($1::bigint)', [ROSTER_LOCK_KEY]);
      const result: RosterResult = { registered: 0, updated: 0, contactsSet: 0 };
      const ids = new Map<string, string>();
      for (const entry of roster.people) {
        const existing = await manager.getRepository(PersonEntity).findOne({ where: { email: entry.email }, lock: { mode: 'pessimistic_write' } });
        if (existing) {
          if (await this.changePerson(manager, record, existing, entry, ROSTER_ACTOR)) result.updated++;
          ids.set(entry.email, existing.id);
        } else {
          ids.set(entry.email, (await this.insertPerson(manager, record, entry, ROSTER_ACTOR)).id);
          result.registered++;
        }
      }
      for (const [role, email] of Object.entries(roster.escalationContacts)) {
        const personId = email ? ids.get(email) : undefined;
        if (personId && isEscalationRole(role) && (await this.setContactIn(manager, role, personId))) result.contactsSet++;
      }
      return result;
    });
  }

  private async insertPerson(manager: EntityManager, record: RecordEvent, body: CreatePersonBody, actor: Actor): Promise<PersonEntity> {
    const now = this.clock.now();
    const person = manager.create(PersonEntity, {
      id: randomUUID(),
      name: body.name,
      email: body.email,
      phone: body.phone ?? null,
      slackUserId: body.slackUserId ?? null,
      onCall: body.onCall ?? false,
      roles: body.roles ?? [],
      createdAt: now,
      updatedAt: now,
    });
    await manager.insert(PersonEntity, person);
    await record(createEvent('person.registered', { person: toPersonDetails(person) }, { actor, occurredAt: now }));
    return person;
  }

  /** Applies the fields given (undefined: unchanged); records person.updated only when something changed. */
  private async changePerson(manager: EntityManager, record: RecordEvent, person: PersonEntity, changes: UpdatePersonBody, actor: Actor): Promise<boolean> {
    const patch: Partial<PersonEntity> = {};
    if (changes.name !== undefined && changes.name !== person.name) patch.name = changes.name;
    if (changes.email !== undefined && changes.email !== person.email) patch.email = changes.email;
    if (changes.phone !== undefined && changes.phone !== person.phone) patch.phone = changes.phone;
    if (changes.slackUserId !== undefined && changes.slackUserId !== person.slackUserId) patch.slackUserId = changes.slackUserId;
    if (changes.onCall !== undefined && changes.onCall !== person.onCall) patch.onCall = changes.onCall;
    if (changes.roles !== undefined && changes.roles.join(',') !== person.roles.join(',')) patch.roles = changes.roles;
    if (Object.keys(patch).length === 0) return false;
    patch.updatedAt = this.clock.now();
    await manager.update(PersonEntity, { id: person.id }, patch);
    Object.assign(person, patch);
    await record(createEvent('person.updated', { person: toPersonDetails(person) }, { actor, occurredAt: patch.updatedAt }));
    return true;
  }

  /** Names the person for a role; false when they already held it. */
  private async setContactIn(manager: EntityManager, role: EscalationContactRole, personId: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO core.escalation_contacts (role, person_id, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (role) DO UPDATE SET person_id = EXCLUDED.person_id, updated_at = EXCLUDED.updated_at
       WHERE core.escalation_contacts.person_id IS DISTINCT FROM EXCLUDED.person_id
       RETURNING role`,
      [role, personId, this.clock.now()],
    );
    return rows.length > 0;
  }

  private async peopleByIds(ids: string[]): Promise<Person[]> {
    if (ids.length === 0) return [];
    const people = await this.dataSource.getRepository(PersonEntity).createQueryBuilder('p').where('p.id = ANY(:ids)', { ids }).getMany();
    return people.map(toPerson);
  }

  private async assertEmailFree(manager: EntityManager, email: string): Promise<void> {
    const clash = await manager.getRepository(PersonEntity).findOneBy({ email });
    if (clash) throw emailTaken(clash);
  }

  /** Two requests racing for one email: the loser's unique violation becomes the same 409. */
  private async conflictsAsHttp<T>(email: string | undefined, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      const code = error instanceof QueryFailedError ? (error.driverError as { code?: string } | undefined)?.code : undefined;
      if (email && code === '23505') {
        const clash = await this.dataSource.getRepository(PersonEntity).findOneBy({ email });
        if (clash) throw emailTaken(clash);
      }
      throw error;
    }
  }
}

function emailTaken(clash: PersonEntity): ConflictException {
  return new ConflictException({
    statusCode: 409,
    message: `a person with email ${clash.email} already exists (id ${clash.id})`,
    fields: [{ field: 'email', reason: 'already taken' }],
  });
}

function isEscalationRole(role: string): role is EscalationContactRole {
  return (ESCALATION_ROLES as readonly string[]).includes(role);
}
