import { ROLE_NAMES } from '../war-room/war-room-texts';
import * as B from './slack-blocks';
import { SLACK_TEXTS as T } from './slack-texts';

/** What incident-core answers on queries.incident_state: the incident, its roles, its clocks, the next step. */
export interface IncidentState {
  incident: { id: string; reference: string; title: string; severity: string; status: string };
  roles: { role: string; personId: string | null; name: string | null }[];
  deadlines: { kind: string; dueAt: string; state: string }[];
  nextStep: string | null;
}

/** `/incident` in a war room: status, roles, every clock still running with its time left, the next step. */
export function stateBlocks(state: IncidentState, now: number): { text: string; blocks: B.Block[] } {
  const s = T.state;
  const i = state.incident;
  const heading = s.heading(i.reference, i.title, i.severity, i.status);
  const roles = state.roles.map((r) => `• ${ROLE_NAMES[r.role as keyof typeof ROLE_NAMES] ?? r.role}: ${r.name ?? s.unassigned}`).join('\n');
  const clocks = state.deadlines
    .filter((d) => d.state === 'pending')
    .map((d) => `• ${d.kind.replace(/_/g, ' ')}: ${s.left(Math.round((Date.parse(d.dueAt) - now) / 1000))}`)
    .join('\n');
  const blocks = [B.section(heading), B.section(`*${s.roles}*\n${roles}`)];
  if (clocks) blocks.push(B.section(`*${s.clocks}*\n${clocks}`));
  if (state.nextStep) blocks.push(B.section(`*${s.next}:* ${state.nextStep}`));
  return { text: heading, blocks };
}
