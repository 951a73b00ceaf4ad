import { MigrationInterface, QueryRunner } from 'typeorm';

/** People Sitrep can page, assign and escalate to, and who holds each escalation role. */
export class PeopleAndRoster1764160000100 implements MigrationInterface {
  name = 'PeopleAndRoster1764160000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE core.people (
      id uuid PRIMARY KEY,
      name text NOT NULL,
      email text NOT NULL UNIQUE CHECK (email = lower(email)),
      phone text NULL CHECK (phone ~ '^\\+[1-9][0-9]{1,14}$'),
      slack_user_id text NULL,
      on_call boolean NOT NULL DEFAULT false,
      roles text[] NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE core.escalation_contacts (
      role text PRIMARY KEY CHECK (role IN ('engineering_vp', 'cto', 'support_vp', 'cso', 'pr', 'ceo')),
      person_id uuid NOT NULL REFERENCES core.people(id),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS core.escalation_contacts`);
    await q.query(`DROP TABLE IF EXISTS core.people`);
  }
}
