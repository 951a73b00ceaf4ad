import { z } from 'zod';
import { defineCommand } from './kernel/command';

export const addNoteInput = z.object({ text: z.string().trim().min(1, 'must not be empty').max(10_000) }).strict();

/** An internal note on the timeline (never shown to customers). Any responder or comms lead. */
export const addNote = defineCommand({
  name: 'add_note',
  scope: 'incident',
  input: addNoteInput,
  tokenRoles: ['responder', 'comms_lead'],
  async run({ input, change }) {
    await change.line({ kind: 'note', text: input.text, internal: true });
    return { at: change.at.toISOString() };
  },
});
