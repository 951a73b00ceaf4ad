import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { WaitingAlert } from '@sitrep/contracts';
import type { NormalisedAlert } from '../integrations/payloads';
import { AlertStatus, OpenDetection, Transition, changesState, transitionOf } from './alert-rules';

/** The alert tables: one row per (integration, fingerprint) and the history of its state changes. */

/**
 * Firing alerts on no incident, and not gathered by a detection rule that is declaring right now (as
 * declare_from_alerts sees them), oldest first: they wait for a person (`queries.waiting_alerts`).
 */
export async function waitingAlerts(manager: EntityManager, limit: number): Promise<{ alerts: WaitingAlert[]; total: number }> {
  const waiting = `FROM core.alerts a LEFT JOIN core.alert_detections d ON d.id = a.detection_id
    WHERE a.status = 'firing' AND a.incident_id IS NULL AND (d.id IS NULL OR d.closed_at IS NOT NULL)`;
  const rows: { id: string; name: string; severity: string | null; annotations: Record<string, string>; component_ids: string[]; first_received_at: Date }[] = await manager.query(
    `SELECT a.id, a.name, a.severity, a.annotations, a.component_ids, a.first_received_at ${waiting} ORDER BY a.first_received_at, a.id LIMIT $1`,
    [limit],
  );
  const [{ total }]: { total: number }[] = await manager.query(`SELECT count(*)::int AS total ${waiting}`);
  const names: { id: string; name: string }[] = await manager.query(`SELECT id, name FROM core.components WHERE id = ANY($1::uuid[])`, [[...new Set(rows.flatMap((r) => r.component_ids))]]);
  const byId = new Map(names.map((n) => [n.id, n.name]));
  return {
    total,
    alerts: rows.map((r) => ({
      id: r.id,
      name: r.name,
      severity: r.severity,
      summary: r.annotations?.summary ?? r.annotations?.description ?? null,
      components: r.component_ids.filter((id) => byId.has(id)).map((id) => ({ id, name: byId.get(id)! })),
      firstReceivedAt: r.first_received_at.toISOString(),
    })),
  };
}

export interface StoredAlert {
  id: string;
  fingerprint: string;
  status: AlertStatus;
  name: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  componentIds: string[];
  incidentId: string | null;
  detectionId: string | null;
  transition: Transition;
}

/** A notification's alerts as jsonb_to_recordset reads them: one statement for the whole batch. */
const ALERT_RECORDSET = `jsonb_to_recordset($1::jsonb) AS x(id uuid, fingerprint text, status text, name text, severity text, labels jsonb, annotations jsonb,
  component_ids uuid[], starts_at timestamptz, ends_at timestamptz, generator_url text)`;

const byFingerprint = (a: { fingerprint: string }, b: { fingerprint: string }) => (a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0);

/**
 * Records the alerts of one notification (fingerprints unique within it) in a fixed number of statements,
 * whatever their number: new fingerprints are inserted with ON CONFLICT DO NOTHING (a fingerprint a
 * concurrent notification is inserting waits for it, then counts as known), known ones are locked and
 * updated together, and each change of state gets its history row. Rows are taken in fingerprint order,
 * so two notifications about the same alerts queue behind each other instead of deadlocking.
 */
export async function recordAlerts(manager: EntityManager, integrationId: string, alerts: { alert: NormalisedAlert; componentIds: string[] }[], at: Date): Promise<StoredAlert[]> {
  const rows = alerts
    .map(({ alert, componentIds }) => ({
      id: randomUUID(),
      fingerprint: alert.fingerprint,
      status: alert.status,
      name: alert.name,
      severity: alert.severity,
      labels: alert.labels,
      annotations: alert.annotations,
      component_ids: componentIds,
      starts_at: alert.startsAt?.toISOString() ?? null,
      ends_at: alert.endsAt?.toISOString() ?? null,
      generator_url: alert.generatorUrl,
    }))
    .sort(byFingerprint);
  if (rows.length === 0) return [];
  // A new alert's first history row goes in with it: one statement, one round trip, for the new ones.
  const inserted: { fingerprint: string }[] = await manager.query(
    `WITH inserted AS (
       INSERT INTO core.alerts (id, integration_id, fingerprint, status, name, severity, labels, annotations, component_ids, starts_at, ends_at, generator_url, first_received_at, last_received_at, last_changed_at)
       SELECT x.id, $2, x.fingerprint, x.status, x.name, x.severity, x.labels, x.annotations, x.component_ids, x.starts_at, x.ends_at, x.generator_url, $3, $3, $3
         FROM ${ALERT_RECORDSET} ORDER BY x.fingerprint
       ON CONFLICT (integration_id, fingerprint) DO NOTHING RETURNING id, fingerprint, status, starts_at, ends_at),
     history AS (INSERT INTO core.alert_transitions (alert_id, status, at, starts_at, ends_at) SELECT id, status, $3, starts_at, ends_at FROM inserted)
     SELECT fingerprint FROM inserted`,
    [JSON.stringify(rows), integrationId, at],
  );
  const fresh = new Set(inserted.map((r) => r.fingerprint));
  const repeats = rows.filter((r) => !fresh.has(r.fingerprint));
  const known = new Map<string, { id: string; status: AlertStatus; incident_id: string | null; detection_id: string | null }>();
  if (repeats.length) {
    const found: { id: string; fingerprint: string; status: AlertStatus; incident_id: string | null; detection_id: string | null }[] = await manager.query(
      `SELECT id, fingerprint, status, incident_id, detection_id FROM core.alerts WHERE integration_id = $1 AND fingerprint = ANY($2::text[]) ORDER BY fingerprint FOR UPDATE`,
      [integrationId, repeats.map((r) => r.fingerprint)],
    );
    for (const f of found) known.set(f.fingerprint, f);
    await manager.query(
      `UPDATE core.alerts a SET status = x.status, name = x.name, severity = x.severity, labels = x.labels, annotations = x.annotations, component_ids = x.component_ids,
              starts_at = x.starts_at, ends_at = x.ends_at, generator_url = x.generator_url, last_received_at = $2,
              last_changed_at = CASE WHEN a.status <> x.status THEN $2 ELSE a.last_changed_at END
         FROM ${ALERT_RECORDSET} WHERE a.integration_id = $3 AND a.fingerprint = x.fingerprint`,
      [JSON.stringify(repeats), at, integrationId],
    );
  }
  const stored: StoredAlert[] = rows.map((row) => {
    const previous = known.get(row.fingerprint);
    return {
      id: previous?.id ?? row.id,
      fingerprint: row.fingerprint,
      status: row.status,
      name: row.name,
      labels: row.labels,
      annotations: row.annotations,
      componentIds: row.component_ids,
      incidentId: previous?.incident_id ?? null,
      detectionId: previous?.detection_id ?? null,
      transition: transitionOf(previous?.status ?? null, row.status),
    };
  });
  const rowOf = new Map(rows.map((r) => [r.fingerprint, r]));
  const history = stored.filter((s) => !fresh.has(s.fingerprint) && changesState(s.transition)).map((s) => ({ alert_id: s.id, status: s.status, starts_at: rowOf.get(s.fingerprint)!.starts_at, ends_at: rowOf.get(s.fingerprint)!.ends_at }));
  if (history.length) {
    await manager.query(
      `INSERT INTO core.alert_transitions (alert_id, status, at, starts_at, ends_at)
       SELECT x.alert_id, x.status, $2, x.starts_at, x.ends_at FROM jsonb_to_recordset($1::jsonb) AS x(alert_id uuid, status text, starts_at timestamptz, ends_at timestamptz)`,
      [JSON.stringify(history), at],
    );
  }
  return stored;
}

export interface IncidentState {
  id: string;
  status: string;
  componentIds: string[];
}

export async function incidentStates(manager: EntityManager, ids: string[]): Promise<Map<string, IncidentState>> {
  if (ids.length === 0) return new Map();
  const rows: { id: string; status: string; component_ids: string[] }[] = await manager.query(`SELECT id, status, component_ids FROM core.incidents WHERE id = ANY($1::uuid[])`, [ids]);
  return new Map(rows.map((r) => [r.id, { id: r.id, status: r.status, componentIds: r.component_ids }]));
}

/**
 * Links each of these alerts to the latest open incident on any of its components (duplicates excluded),
 * in one statement; answers the incidents they joined, by alert.
 */
export async function linkToOpenIncidents(manager: EntityManager, alertIds: string[]): Promise<Map<string, IncidentState>> {
  if (alertIds.length === 0) return new Map();
  const rows: { alert_id: string; id: string; status: string; component_ids: string[] }[] = await manager.query(
    `WITH target AS (
       SELECT a.id AS alert_id, i.id, i.status, i.component_ids FROM core.alerts a
        CROSS JOIN LATERAL (SELECT id, status, component_ids FROM core.incidents
                             WHERE status <> 'closed' AND duplicate_of IS NULL AND component_ids && a.component_ids ORDER BY declared_at DESC LIMIT 1) i
        WHERE a.id = ANY($1::uuid[])),
     linked AS (UPDATE core.alerts a SET incident_id = t.id FROM target t WHERE a.id = t.alert_id)
     SELECT * FROM target`,
    [alertIds],
  );
  return new Map(rows.map((r) => [r.alert_id, { id: r.id, status: r.status, componentIds: r.component_ids }]));
}

export async function linkAlerts(manager: EntityManager, alertIds: string[], incidentId: string | null): Promise<void> {
  if (alertIds.length) await manager.query(`UPDATE core.alerts SET incident_id = $2 WHERE id = ANY($1::uuid[])`, [alertIds, incidentId]);
}

/** Alerts whose incident has closed, firing again: on no incident and no detection, as if new. */
export async function releaseAlerts(manager: EntityManager, alertIds: string[]): Promise<void> {
  if (alertIds.length) await manager.query(`UPDATE core.alerts SET incident_id = NULL, detection_id = NULL WHERE id = ANY($1::uuid[])`, [alertIds]);
}

/** A narrow advisory lock, one per incident, held to the end of the transaction (see AlertIntake.record). */
export async function lockIncidentSignals(manager: EntityManager, incidentId: string): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock(hashtext('sitrep.core.alert-signals:' || $1))`, [incidentId]);
}

export async function firingLinkedCount(manager: EntityManager, incidentId: string): Promise<number> {
  const [row]: { n: number }[] = await manager.query(`SELECT count(*)::int AS n FROM core.alerts WHERE incident_id = $1 AND status = 'firing'`, [incidentId]);
  return row.n;
}

/** Of these alerts, the ones still firing that no incident has and no detection holds. */
export async function stillPending(manager: EntityManager, alertIds: string[]): Promise<Omit<StoredAlert, 'transition' | 'fingerprint' | 'status' | 'incidentId' | 'detectionId'>[]> {
  if (alertIds.length === 0) return [];
  const rows: { id: string; name: string; labels: Record<string, string>; annotations: Record<string, string>; component_ids: string[] }[] = await manager.query(
    `SELECT id, name, labels, annotations, component_ids FROM core.alerts WHERE id = ANY($1::uuid[]) AND status = 'firing' AND incident_id IS NULL AND detection_id IS NULL`,
    [alertIds],
  );
  return rows.map((r) => ({ id: r.id, name: r.name, labels: r.labels, annotations: r.annotations, componentIds: r.component_ids }));
}

/** Firing alerts no incident has and no detection holds: what detection rules look at. */
export async function pendingAlerts(manager: EntityManager, limit: number): Promise<Omit<StoredAlert, 'transition' | 'fingerprint' | 'status' | 'incidentId' | 'detectionId'>[]> {
  const rows: { id: string; name: string; labels: Record<string, string>; annotations: Record<string, string>; component_ids: string[] }[] = await manager.query(
    `SELECT id, name, labels, annotations, component_ids FROM core.alerts WHERE status = 'firing' AND incident_id IS NULL AND detection_id IS NULL ORDER BY last_changed_at DESC LIMIT $1`,
    [limit],
  );
  return rows.map((r) => ({ id: r.id, name: r.name, labels: r.labels, annotations: r.annotations, componentIds: r.component_ids }));
}

export type DetectionRow = Omit<OpenDetection, 'incidentStatus'> & { id: string };

/**
 * The open detection (at most one). `share`: every notification may hold it at once, and the detection
 * cannot be completed or closed until they commit, so an alert attached to it is never missed when its
 * incident takes the detection's alerts. `update`: the detection lock's holder, about to close it or
 * attach to it. Taken before any alert row, always: detection, then alerts.
 */
export async function openDetection(manager: EntityManager, lock: 'share' | 'update'): Promise<DetectionRow | null> {
  const [row]: { id: string; state: DetectionRow['state']; incident_id: string | null; opened_at: Date }[] = await manager.query(
    `SELECT id, state, incident_id, opened_at FROM core.alert_detections WHERE closed_at IS NULL FOR ${lock === 'share' ? 'SHARE' : 'UPDATE'}`,
  );
  return row ? { id: row.id, state: row.state, incidentId: row.incident_id, openedAt: row.opened_at } : null;
}

export async function closeDetection(manager: EntityManager, id: string, at: Date, state: DetectionRow['state'] | null = null, error: string | null = null): Promise<void> {
  await manager.query(`UPDATE core.alert_detections SET closed_at = $2, state = coalesce($3, state), error = coalesce($4, error) WHERE id = $1`, [id, at, state, error]);
  if (state === 'failed') await manager.query(`UPDATE core.alerts SET detection_id = NULL WHERE detection_id = $1 AND incident_id IS NULL`, [id]);
}

export async function claimDetection(manager: EntityManager, rule: string, declaration: unknown, alertIds: string[], at: Date): Promise<string> {
  const id = randomUUID();
  await manager.query(`INSERT INTO core.alert_detections (id, rule, state, declaration, opened_at) VALUES ($1, $2, 'declaring', $3, $4)`, [id, rule, JSON.stringify(declaration), at]);
  await attachToDetection(manager, alertIds, id);
  return id;
}

export async function attachToDetection(manager: EntityManager, alertIds: string[], detectionId: string): Promise<void> {
  if (alertIds.length) await manager.query(`UPDATE core.alerts SET detection_id = $2 WHERE id = ANY($1::uuid[])`, [alertIds, detectionId]);
}

/**
 * The detection's incident exists: every alert it gathered meanwhile now belongs to it. The detection row
 * is updated first: that waits for the notifications holding it (share) to commit, and the alerts they
 * attached are then seen by the next statement. Answers the alerts it linked.
 */
export async function completeDetection(manager: EntityManager, detectionId: string, incidentId: string): Promise<{ name: string; componentIds: string[] }[]> {
  await manager.query(`UPDATE core.alert_detections SET state = 'declared', incident_id = $2 WHERE id = $1`, [detectionId, incidentId]);
  // TypeORM answers an UPDATE with [rows, count]; a CTE gives plain rows.
  const rows: { name: string; component_ids: string[] }[] = await manager.query(
    `WITH linked AS (UPDATE core.alerts SET incident_id = $2 WHERE detection_id = $1 AND incident_id IS NULL RETURNING name, component_ids) SELECT * FROM linked`,
    [detectionId, incidentId],
  );
  return rows.map((r) => ({ name: r.name, componentIds: r.component_ids }));
}

export interface AlertView {
  id: string;
  integrationId: string;
  fingerprint: string;
  status: AlertStatus;
  name: string;
  severity: string | null;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  componentIds: string[];
  incidentId: string | null;
  startsAt: string | null;
  endsAt: string | null;
  generatorUrl: string | null;
  firstReceivedAt: string;
  lastReceivedAt: string;
  history: { status: AlertStatus; at: string }[];
}

export async function listAlerts(manager: EntityManager, filter: { status?: AlertStatus; incidentId?: string; unlinked?: boolean; ids?: string[]; limit: number }): Promise<AlertView[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.status) where.push(`a.status = $${params.push(filter.status)}`);
  if (filter.incidentId) where.push(`a.incident_id = $${params.push(filter.incidentId)}`);
  if (filter.unlinked) where.push(`a.incident_id IS NULL`);
  if (filter.ids) where.push(`a.id = ANY($${params.push(filter.ids)}::uuid[])`);
  type Row = { id: string; integration_id: string; fingerprint: string; status: AlertStatus; name: string; severity: string | null; labels: Record<string, string>; annotations: Record<string, string>; component_ids: string[]; incident_id: string | null; starts_at: Date | null; ends_at: Date | null; generator_url: string | null; first_received_at: Date; last_received_at: Date; history: { status: AlertStatus; at: string }[] };
  const rows: Row[] = await manager.query(
    `SELECT a.*, coalesce((SELECT json_agg(json_build_object('status', t.status, 'at', t.at) ORDER BY t.seq) FROM core.alert_transitions t WHERE t.alert_id = a.id), '[]') AS history
       FROM core.alerts a ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY a.last_changed_at DESC, a.id LIMIT $${params.push(filter.limit)}`,
    params,
  );
  return rows.map((r) => ({
    id: r.id,
    integrationId: r.integration_id,
    fingerprint: r.fingerprint,
    status: r.status,
    name: r.name,
    severity: r.severity,
    labels: r.labels,
    annotations: r.annotations,
    componentIds: r.component_ids,
    incidentId: r.incident_id,
    startsAt: r.starts_at?.toISOString() ?? null,
    endsAt: r.ends_at?.toISOString() ?? null,
    generatorUrl: r.generator_url,
    firstReceivedAt: r.first_received_at.toISOString(),
    lastReceivedAt: r.last_received_at.toISOString(),
    history: r.history.map((h) => ({ status: h.status, at: new Date(h.at).toISOString() })),
  }));
}
