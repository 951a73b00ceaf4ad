import type { IncidentStateSummary } from '@sitrep/contracts';
import * as B from './slack-blocks';
import { SLACK_TEXTS as T } from './slack-texts';

/** The part of incident-core's answer on queries.incident_state (its schema is in libs/contracts) that `/incident` shows. */
export type IncidentState = Pick<IncidentStateSummary, 'reference' | 'title' | 'severity' | 'status' | 'roles' | 'clocks' | 'nextStep'>;

/** `/incident` in a war room: status, roles, every clock still running with its time left, the next step. */
export function stateBlocks(state: IncidentState, now: number): { text: string; blocks: B.Block[] } {
  const s = T.state;
  const heading = s.heading(state.reference, state.title, state.severity, state.status);
  const roles = state.roles.map((r) => `• ${r.label}: ${r.person?.name ?? s.unassigned}`).join('\n');
  const clocks = state.clocks
    .filter((c) => c.state === 'pending')
    .map((c) => `• ${c.label}: ${s.left(Math.round((Date.parse(c.dueAt) - now) / 1000))}`)
    .join('\n');
  const blocks = [B.section(heading), B.section(`*${s.roles}*\n${roles}`)];
  if (clocks) blocks.push(B.section(`*${s.clocks}*\n${clocks}`));
  if (state.nextStep) blocks.push(B.section(`*${s.next}:* ${state.nextStep}`));
  return { text: heading, blocks };
}
