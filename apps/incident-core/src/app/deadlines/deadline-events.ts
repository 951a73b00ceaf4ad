import type { IncidentRole } from '@sitrep/contracts';
import { IncidentChange } from '../incidents/incident-change';
import { roleHolders } from '../incidents/incident-access';
import { DeadlineRow, deadlineView } from './deadline-store';

export type DeadlineStageEvent = 'due_soon' | 'due' | 'breached' | 'met';

export const LABEL: Record<string, string> = {
  assessment: 'initial assessment',
  first_customer_notice: 'first customer notice',
  customer_update: 'customer update',
  executive_update: 'executive update',
  stability_window: 'stability window',
  recovery_watch: 'recovery watch',
  postmortem: 'post-mortem',
  escalation_engineering_vp: 'engineering VP escalation threshold',
  escalation_cto: 'CTO escalation threshold',
};

function describe(row: DeadlineRow, stage: DeadlineStageEvent, at: Date): string {
  const what = LABEL[row.kind] ?? row.kind;
  const seconds = Math.round(Math.abs(row.due_at.getTime() - at.getTime()) / 1000);
  switch (stage) {
    case 'due_soon':
      return `${what} due in ${seconds}s (owner: ${row.owner_role})`;
    case 'due':
      return `${what} due now (owner: ${row.owner_role})`;
    case 'breached':
      return `${what} missed: due ${seconds}s ago (owner: ${row.owner_role})`;
    case 'met':
      return `${what} met${at > row.due_at ? `, ${seconds}s after it was due` : ''}`;
  }
}

/** One event and one timeline line per stage a clock reaches; the owner is resolved at that moment. */
export async function emitDeadlineStage(change: IncidentChange, row: DeadlineRow, stage: DeadlineStageEvent): Promise<void> {
  const holders = await roleHolders(change.manager, row.incident_id);
  const view = deadlineView(row, holders[row.owner_role as IncidentRole] ?? null);
  await change.emit(`deadline.${stage}`, { deadline: view }, { kind: `deadline_${stage}`, text: describe(row, stage, change.at), detail: { deadlineId: row.id, kind: row.kind } });
}
