import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { SECTION_TITLES, sectionKeySchema } from '../postmortems/sections';
import { defineCommand } from './kernel/command';
import { conflict } from './kernel/refusals';

/** Over HTTP the section is the path's `:section`. */
export const editPostmortemSectionInput = z
  .object({ section: sectionKeySchema, text: z.string().trim().min(1, 'must not be empty').max(20_000, 'must be at most 20000 characters') })
  .strict();

/** A new version of one section of the post-mortem, with its author; the text freezes on publication. */
export const editPostmortemSection = defineCommand({
  name: 'edit_postmortem_section',
  scope: 'incident',
  input: editPostmortemSectionInput,
  tokenRoles: ['responder', 'comms_lead'],
  async run({ input, manager, incidentId, change, principal, deps, at }) {
    const record = await deps.postmortems.requireRecord(manager, incidentId, true);
    if (record.state === 'published') throw conflict('the post-mortem is published; its text no longer changes (action items still do)');
    const [{ next }]: { next: number }[] = await manager.query(
      `SELECT coalesce(max(version), 0) + 1 AS next FROM core.postmortem_sections WHERE incident_id = $1 AND section = $2`,
      [incidentId, input.section],
    );
    await manager.query(
      `INSERT INTO core.postmortem_sections (id, incident_id, section, version, text, author, author_person_id, written_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [randomUUID(), incidentId, input.section, next, input.text, JSON.stringify(change.actor), principal.personId, at],
    );
    return { section: input.section, title: SECTION_TITLES[input.section], version: next, text: input.text, author: change.actor, writtenAt: at.toISOString() };
  },
});
