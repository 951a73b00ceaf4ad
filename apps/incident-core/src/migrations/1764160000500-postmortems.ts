import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Post-mortems: one per incident, drafted on resolution. What people write is kept as versioned
 * sections (every edit a new row with its author and time); action items carry an owner, a due date,
 * a priority, a status and, once exported, their Jira issue.
 */
export class Postmortems1764160000500 implements MigrationInterface {
  name = 'Postmortems1764160000500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE core.postmortems (
      incident_id uuid PRIMARY KEY REFERENCES core.incidents(id),
      state text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'reviewed', 'published')),
      created_at timestamptz NOT NULL,
      resolved_at timestamptz NOT NULL,
      deadline_id uuid NULL REFERENCES core.deadlines(id),
      review_slot_start timestamptz NOT NULL,
      review_slot_end timestamptz NOT NULL,
      review_slot_within_deadline boolean NOT NULL,
      generated jsonb NOT NULL,
      reviewed_at timestamptz NULL,
      reviewed_by uuid NULL REFERENCES core.people(id),
      review_notes text NULL,
      published_at timestamptz NULL,
      published_by jsonb NULL,
      published jsonb NULL
    )`);
    await q.query(`CREATE TABLE core.postmortem_sections (
      id uuid PRIMARY KEY,
      incident_id uuid NOT NULL REFERENCES core.postmortems(incident_id),
      section text NOT NULL,
      version integer NOT NULL CHECK (version > 0),
      text text NOT NULL,
      author jsonb NOT NULL,
      author_person_id uuid NULL REFERENCES core.people(id),
      written_at timestamptz NOT NULL,
      UNIQUE (incident_id, section, version)
    )`);
    await q.query(`CREATE TABLE core.postmortem_action_items (
      id uuid PRIMARY KEY,
      incident_id uuid NOT NULL REFERENCES core.postmortems(incident_id),
      position integer NOT NULL,
      title text NOT NULL,
      description text NULL,
      owner_person_id uuid NOT NULL REFERENCES core.people(id),
      due_date date NOT NULL,
      priority text NOT NULL CHECK (priority IN ('high', 'medium', 'low')),
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
      created_at timestamptz NOT NULL,
      created_by jsonb NOT NULL,
      updated_at timestamptz NOT NULL,
      done_at timestamptz NULL,
      last_reminded_at timestamptz NULL,
      jira_key text NULL,
      jira_url text NULL,
      exported_at timestamptz NULL,
      UNIQUE (incident_id, position)
    )`);
    // The reminder scheduler looks only at open items.
    await q.query(`CREATE INDEX postmortem_action_items_open_due ON core.postmortem_action_items (due_date) WHERE status = 'open'`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['postmortem_action_items', 'postmortem_sections', 'postmortems']) await q.query(`DROP TABLE IF EXISTS core.${table}`);
  }
}
