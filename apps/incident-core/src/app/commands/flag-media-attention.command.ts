import { z } from 'zod';
import { escalate, nextLevel } from '../escalations/escalate';
import { defineCommand } from './kernel/command';
import { conflict } from './kernel/refusals';
import { refuseUnlessHolder } from './kernel/role-holders';

export const flagMediaAttentionInput = z.object({ details: z.string().trim().min(1, 'say where the attention is').max(2000) }).strict();

/** The seed's "Comms Lead → PR → CEO (if media/social media attention)": flagged by the comms or support lead (or the commander). */
export const flagMediaAttention = defineCommand({
  name: 'flag_media_attention',
  scope: 'incident',
  input: flagMediaAttentionInput,
  tokenRoles: ['responder', 'comms_lead'],
  authorise: ({ principal, holders }) => refuseUnlessHolder(principal, holders, ['comms_lead', 'support_lead', 'commander'], 'flag media attention'),
  async run({ input, change, incident, incidentId }) {
    if (incident.status === 'closed') throw conflict('a closed incident takes no media flags');
    await change.manager.query(`UPDATE core.incidents SET media_attention_at = coalesce(media_attention_at, $2) WHERE id = $1`, [incidentId, change.at]);
    const level = await nextLevel(change, 'communications');
    const escalated = level ? await escalate(change, 'communications', level, `media attention: ${input.details}`) : false;
    if (!escalated) await change.line({ kind: 'media_attention', text: `media attention: ${input.details} (already escalated to the top)` });
    return { escalated };
  },
});
