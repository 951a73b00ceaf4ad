import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { WaitingAlert } from '@sitrep/contracts';
import type { NormalisedAlert } from '../integrations/payloads';
import { AlertStatus, Transition, changesState, transitionOf } from './alert-rules';

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

/** Upserts the alerts of one notification and records each change of state. Call under the intake lock. */
export async function upsertAlerts(manager: EntityManager, integrationId: string, alerts: { alert: NormalisedAlert; componentIds: string[] }[], at: Date): Promise<StoredAlert[]> {
  const known: { id: string; fingerprint: string; status: AlertStatus; incident_id: string | null; detection_id: string | null }[] = await manager.query(
    `SELECT id, fingerprint, status, incident_id, detection_id FROM core.alerts WHERE integration_id = $1 AND fingerprint = ANY($2::text[]) FOR UPDATE`,
    [integrationId, alerts.map((a) => a.alert.fingerprint)],
  );
  const byFingerprint = new Map(known.map((k) => [k.fingerprint, k]));
  const stored: StoredAlert[] = [];
  for (const { alert, componentIds } of alerts) {
    const previous = byFingerprint.get(alert.fingerprint);
    const transition = transitionOf(previous?.status ?? null, alert.status);
    const id = previous?.id ?? randomUUID();
    const values = [id, alert.status, alert.name, alert.severity, JSON.stringify(alert.labels), JSON.stringify(alert.annotations), componentIds, alert.startsAt, alert.endsAt, alert.generatorUrl, at];
    if (previous) {
      await manager.query(
        `UPDATE core.alerts SET status = $2, name = $3, severity = $4, labels = $5, annotations = $6, component_ids = $7, starts_at = $8, ends_at = $9, generator_url = $10,
           last_received_at = $11, last_changed_at = CASE WHEN status <> $2 THEN $11 ELSE last_changed_at END WHERE id = $1`,
        values,
      );
    } else {
      await manager.query(
        `INSERT INTO core.alerts (id, integration_id, fingerprint, status, name, severity, labels, annotations, component_ids, starts_at, ends_at, generator_url, first_received_at, last_received_at, last_changed_at)
         VALUES ($1, $12, $13, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, $11)`,
        [...values, integrationId, alert.fingerprint],
      );
    }
    if (changesState(transition)) {
      await manager.query(`INSERT INTO core.alert_transitions (alert_id, status, at, starts_at, ends_at) VALUES ($1, $2, $3, $4, $5)`, [id, alert.status, at, alert.startsAt, alert.endsAt]);
    }
    stored.push({
      id,
      fingerprint: alert.fingerprint,
      status: alert.status,
      name: alert.name,
      labels: alert.labels,
      annotations: alert.annotations,
      componentIds,
      incidentId: previous?.incident_id ?? null,
      detectionId: previous?.detection_id ?? null,
      transition,
    });
  }
  return stored;
}

export interface IncidentState {
  id: string;
  status: string;
}

export async function incidentStates(manager: EntityManager, ids: string[]): Promise<Map<string, IncidentState>> {
  if (ids.length === 0) return new Map();
  const rows: IncidentState[] = await manager.query(`SELECT id, status FROM core.incidents WHERE id = ANY($1::uuid[])`, [ids]);
  return new Map(rows.map((r) => [r.id, r]));
}

/** The latest open incident on any of these components (duplicates excluded): where a new alert belongs. */
export async function openIncidentOn(manager: EntityManager, componentIds: string[]): Promise<IncidentState | null> {
  if (componentIds.length === 0) return null;
  const rows: IncidentState[] = await manager.query(
    `SELECT id, status FROM core.incidents WHERE status <> 'closed' AND duplicate_of IS NULL AND component_ids && $1::uuid[] ORDER BY declared_at DESC LIMIT 1`,
    [componentIds],
  );
  return rows[0] ?? null;
}

export async function linkAlerts(manager: EntityManager, alertIds: string[], incidentId: string | null): Promise<void> {
  if (alertIds.length) await manager.query(`UPDATE core.alerts SET incident_id = $2 WHERE id = ANY($1::uuid[])`, [alertIds, incidentId]);
}

export async function firingLinkedCount(manager: EntityManager, incidentId: string): Promise<number> {
  const [row]: { n: number }[] = await manager.query(`SELECT count(*)::int AS n FROM core.alerts WHERE incident_id = $1 AND status = 'firing'`, [incidentId]);
  return row.n;
}

/** Firing alerts no incident has and no detection holds: what detection rules look at. */
export async function pendingAlerts(manager: EntityManager, limit: number): Promise<Omit<StoredAlert, 'transition' | 'fingerprint' | 'status' | 'incidentId' | 'detectionId'>[]> {
  const rows: { id: string; name: string; labels: Record<string, string>; annotations: Record<string, string>; component_ids: string[] }[] = await manager.query(
    `SELECT id, name, labels, annotations, component_ids FROM core.alerts WHERE status = 'firing' AND incident_id IS NULL AND detection_id IS NULL ORDER BY last_changed_at DESC LIMIT $1`,
    [limit],
  );
  return rows.map((r) => ({ id: r.id, name: r.name, labels: r.labels, annotations: r.annotations, componentIds: r.component_ids }));
}

export interface DetectionRow {
  id: string;
  rule: string;
  state: 'declaring' | 'declared' | 'failed';
  incident_id: string | null;
  opened_at: Date;
}

export async function openDetection(manager: EntityManager): Promise<DetectionRow | null> {
  const rows: DetectionRow[] = await manager.query(`SELECT id, rule, state, incident_id, opened_at FROM core.alert_detections WHERE closed_at IS NULL FOR UPDATE`);
  return rows[0] ?? null;
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

/** The detection's incident exists: every alert it gathered meanwhile now belongs to it. */
export async function completeDetection(manager: EntityManager, detectionId: string, incidentId: string): Promise<number> {
  await manager.query(`UPDATE core.alert_detections SET state = 'declared', incident_id = $2 WHERE id = $1`, [detectionId, incidentId]);
  // TypeORM answers an UPDATE with [rows, count]; a CTE gives plain rows.
  const [{ n }]: { n: number }[] = await manager.query(`WITH linked AS (UPDATE core.alerts SET incident_id = $2 WHERE detection_id = $1 AND incident_id IS NULL RETURNING id) SELECT count(*)::int AS n FROM linked`, [detectionId, incidentId]);
  return n;
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
