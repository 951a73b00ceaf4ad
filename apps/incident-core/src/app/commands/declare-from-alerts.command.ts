import { declareFromAlertsInputSchema, DeclareFromAlertsResult } from '@sitrep/contracts';
import { declare, declareInput } from './declare.command';
import { defineCommand } from './kernel/command';
import { badField } from './kernel/refusals';

/** The input as the HTTP route's body (POST /api/v1/alerts/declare-incident) and the NATS request's `input`. */
export const declareFromAlertsInput = declareFromAlertsInputSchema;

interface AlertRow {
  id: string;
  name: string;
  status: 'firing' | 'resolved';
  component_ids: string[];
  incident_id: string | null;
  declaring: boolean;
}

/** "CheckoutErrors, PaymentsLatency, SearchDown and 2 more": a title a responder can say on a call. */
export function titleFromAlertNames(names: readonly string[]): string {
  const title = `${names.slice(0, 3).join(', ')}${names.length > 3 ? ` and ${names.length - 3} more` : ''}`;
  return title.length > 200 ? `${title.slice(0, 199)}…` : title;
}

/** At most this many components on a declaration (as `declare` takes). */
const MAX_COMPONENTS = 100;

/**
 * The components the incident is declared on: the alerts' own, always, then those the person added;
 * null when that is more than a declaration takes.
 */
export function declaredComponentIds(alertComponentIds: readonly string[], added: readonly string[] = []): string[] | null {
  const ids = [...new Set([...alertComponentIds, ...added])];
  return ids.length > MAX_COMPONENTS ? null : ids;
}

/**
 * A person declares from alerts the detection rules left waiting: the same declaration as `declare`
 * (commander, sponsor, clocks, the first notice through the comms lead), on the alerts' components (and any
 * the person added), and
 * the alerts linked to the new incident, all in one transaction. The alert rows are locked first, so a
 * second person declaring from the same alerts at the same moment is refused rather than declaring twice.
 */
export const declareFromAlerts = defineCommand({
  name: 'declare_from_alerts',
  scope: 'new',
  input: declareFromAlertsInput,
  tokenRoles: ['responder'],
  async run(ctx): Promise<DeclareFromAlertsResult> {
    const { input, manager } = ctx;
    const ids = [...new Set(input.alertIds)];
    // Locked in the order alert intake locks them (integration, then fingerprint): a declaration and a
    // notification about the same alerts queue up instead of deadlocking.
    const rows: AlertRow[] = await manager.query(
      `SELECT a.id, a.name, a.status, a.component_ids, a.incident_id,
              (a.incident_id IS NULL AND d.id IS NOT NULL AND d.closed_at IS NULL) AS declaring
         FROM core.alerts a LEFT JOIN core.alert_detections d ON d.id = a.detection_id
        WHERE a.id = ANY($1::uuid[]) ORDER BY a.integration_id, a.fingerprint FOR UPDATE OF a`,
      [ids],
    );
    const missing = ids.filter((id) => !rows.some((r) => r.id === id));
    if (missing.length) throw badField('alertIds', `no alert with id ${missing.join(', ')}`);
    const taken = rows.filter((r) => r.incident_id);
    if (taken.length) throw badField('alertIds', `already on an incident: ${taken.map((r) => `${r.id} (incident ${r.incident_id})`).join(', ')}`);
    const declaring = rows.filter((r) => r.declaring);
    if (declaring.length) throw badField('alertIds', `being declared by a detection rule right now (they join its incident in a moment): ${declaring.map((r) => r.id).join(', ')}`);
    const resolved = rows.filter((r) => r.status !== 'firing');
    if (resolved.length) throw badField('alertIds', `resolved, not firing: ${resolved.map((r) => r.id).join(', ')}; declare from firing alerts`);

    const componentIds = declaredComponentIds(rows.flatMap((r) => r.component_ids), input.componentIds);
    if (!componentIds) throw badField('componentIds', `at most ${MAX_COMPONENTS} components, the alerts' own included`);
    const names = [...new Set(rows.map((r) => r.name))];
    const incident = await declare.run({
      ...ctx,
      input: declareInput.parse({
        title: input.title ?? titleFromAlertNames(names),
        severity: input.severity,
        trigger: 'manual',
        summary: input.summary ?? `Declared from ${rows.length} alert(s): ${names.join(', ')}`.slice(0, 5000),
        componentIds,
        ...(input.commanderId ? { commanderId: input.commanderId } : {}),
      }),
    });
    // TypeORM answers an UPDATE with [rows, count]; a CTE gives plain rows.
    const [{ n }]: { n: number }[] = await manager.query(`WITH linked AS (UPDATE core.alerts SET incident_id = $2 WHERE id = ANY($1::uuid[]) RETURNING id) SELECT count(*)::int AS n FROM linked`, [ids, incident.id]);
    return { incidentId: incident.id, reference: incident.reference, linked: n };
  },
});
