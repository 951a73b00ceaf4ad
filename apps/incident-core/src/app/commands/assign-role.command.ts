import { z } from 'zod';
import { incidentRoleSchema } from '@sitrep/contracts';
import { refuseRoleAssignment, refuseSponsor } from '../lifecycle/role-assignment';
import { refuseCommander } from '../lifecycle/roles';
import { defineCommand } from './kernel/command';
import { badField, conflict } from './kernel/refusals';
import { ROLE_NAMES } from './kernel/role-holders';
import { uuid } from './shared/inputs';

/** Over HTTP the role is the path's `:role`; over NATS it is in the input. */
export const assignRoleInput = z.object({ role: incidentRoleSchema, personId: uuid('a person id') }).strict();

/** Puts a person in an incident role (or hands it over); see role-assignment.ts for who may. */
export const assignRole = defineCommand({
  name: 'assign_role',
  scope: 'incident',
  input: assignRoleInput,
  tokenRoles: ['responder'],
  authorise: ({ principal, holders, input }) => refuseRoleAssignment(principal, holders, input.role),
  async run({ input, change, incident, incidentId, holders }) {
    const { role, personId } = input;
    if (incident.status === 'closed') throw conflict('roles of a closed incident cannot change');
    const [person]: { id: string; name: string; roles: string[] }[] = await change.manager.query(`SELECT id, name, roles FROM core.people WHERE id = $1`, [personId]);
    if (!person) throw badField('personId', `no person with id ${personId}`);
    if (role === 'executive_sponsor') {
      const refusal = refuseSponsor(person);
      if (refusal) throw badField('personId', refusal);
    }
    if (role === 'commander') {
      const implementers: { person_id: string }[] = await change.manager.query(`SELECT person_id FROM core.incident_implementers WHERE incident_id = $1`, [incidentId]);
      const refusal = refuseCommander(person, implementers.map((i) => i.person_id));
      if (refusal) throw conflict(refusal);
    }
    const previous = holders[role] ?? null;
    if (previous?.personId === personId) throw conflict(`${person.name} already is the ${ROLE_NAMES[role]}`);
    await change.manager.query(
      `INSERT INTO core.incident_roles (incident_id, role, person_id, assigned_at, acting) VALUES ($1, $2, $3, $4, false)
       ON CONFLICT (incident_id, role) DO UPDATE SET person_id = EXCLUDED.person_id, assigned_at = EXCLUDED.assigned_at, acting = false`,
      [incidentId, role, personId, change.at],
    );
    await change.emit(
      'incident.role_assigned',
      { role, personId, previousPersonId: previous?.personId ?? null },
      { kind: previous ? 'handover' : 'role_assigned', text: previous ? `${ROLE_NAMES[role]} handed over from ${previous.name} to ${person.name}` : `${person.name} is ${ROLE_NAMES[role]}` },
    );
    return { role, personId, previousPersonId: previous?.personId ?? null };
  },
});
