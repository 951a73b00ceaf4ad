import { defineCommand } from './kernel/command';
import { conflict } from './kernel/refusals';
import { describeHolder } from './kernel/role-holders';
import { noInput } from './shared/inputs';

/**
 * The commander acknowledges the page they got (Slack's Acknowledge button): recorded on the timeline
 * once per commander, with the time it took; the monthly report's time to acknowledge counts it.
 * Only the commander themself: nobody acknowledges a page for someone else.
 */
export const acknowledgePage = defineCommand({
  name: 'acknowledge_page',
  scope: 'incident',
  input: noInput,
  tokenRoles: ['responder'],
  authorise: ({ principal, holders }) =>
    holders.commander && principal.personId === holders.commander.personId ? null : `only ${describeHolder('commander', holders)} may acknowledge the commander's page`,
  async run({ change, incidentId, holders }) {
    const commander = holders.commander!;
    const [earlier]: { at: Date }[] = await change.manager.query(
      `SELECT at FROM core.timeline_entries WHERE incident_id = $1 AND kind = 'page_acknowledged' AND detail->>'personId' = $2 LIMIT 1`,
      [incidentId, commander.personId],
    );
    if (earlier) throw conflict(`${commander.name} already acknowledged the page at ${earlier.at.toISOString()}`);
    const [assigned]: { assigned_at: Date }[] = await change.manager.query(`SELECT assigned_at FROM core.incident_roles WHERE incident_id = $1 AND role = 'commander'`, [incidentId]);
    const secondsToAcknowledge = Math.max(0, Math.round((change.at.getTime() - assigned.assigned_at.getTime()) / 1000));
    await change.line({ kind: 'page_acknowledged', text: `${commander.name} acknowledged the page (${secondsToAcknowledge}s after being paged)`, detail: { personId: commander.personId, secondsToAcknowledge } });
    return { acknowledgedAt: change.at.toISOString(), secondsToAcknowledge };
  },
});
