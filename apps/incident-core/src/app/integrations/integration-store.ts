import { randomBytes, randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { generateToken, hashToken } from '@sitrep/auth';
import type { Actor } from '@sitrep/contracts';
import type { ComponentMapping } from '../alerts/alert-rules';

export type IntegrationKind = 'alertmanager' | 'grafana' | 'generic';

export interface Integration {
  id: string;
  name: string;
  kind: IntegrationKind;
  componentMatchers: ComponentMapping[];
  createdAt: Date;
  revokedAt: Date | null;
}

type Row = { id: string; name: string; kind: IntegrationKind; component_matchers: ComponentMapping[]; created_at: Date; revoked_at: Date | null };
const COLUMNS = `id, name, kind, component_matchers, created_at, revoked_at`;
const toIntegration = (r: Row): Integration => ({ id: r.id, name: r.name, kind: r.kind, componentMatchers: r.component_matchers, createdAt: r.created_at, revokedAt: r.revoked_at });

export function integrationView(i: Integration) {
  return {
    id: i.id,
    name: i.name,
    kind: i.kind,
    componentMatchers: i.componentMatchers,
    receiverPath: i.kind === 'generic' ? `/api/v1/integrations/generic/${i.id}` : `/api/v1/integrations/${i.kind}`,
    createdAt: i.createdAt.toISOString(),
    revokedAt: i.revokedAt?.toISOString() ?? null,
  };
}

/** Creates an integration with a fresh credential, returned this once: a bearer token, or for generic an HMAC secret. */
export async function createIntegration(
  manager: EntityManager,
  input: { name: string; kind: IntegrationKind; componentMatchers: ComponentMapping[]; actor: Actor; at: Date },
): Promise<{ integration: Integration; token: string | null; secret: string | null }> {
  const token = input.kind === 'generic' ? null : generateToken();
  const secret = input.kind === 'generic' ? `srs_${randomBytes(32).toString('base64url')}` : null;
  const rows: Row[] = await manager.query(
    `INSERT INTO core.integrations (id, name, kind, token_hash, hmac_secret, component_matchers, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
    [randomUUID(), input.name, input.kind, token ? hashToken(token) : null, secret, JSON.stringify(input.componentMatchers), JSON.stringify(input.actor), input.at],
  );
  return { integration: toIntegration(rows[0]), token, secret };
}

export async function nameTaken(manager: EntityManager, name: string): Promise<boolean> {
  const rows: unknown[] = await manager.query(`SELECT 1 FROM core.integrations WHERE lower(name) = lower($1) AND revoked_at IS NULL`, [name]);
  return rows.length > 0;
}

export async function listIntegrations(manager: EntityManager): Promise<Integration[]> {
  const rows: Row[] = await manager.query(`SELECT ${COLUMNS} FROM core.integrations ORDER BY created_at, name`);
  return rows.map(toIntegration);
}

export async function integrationById(manager: EntityManager, id: string): Promise<Integration | null> {
  const rows: Row[] = await manager.query(`SELECT ${COLUMNS} FROM core.integrations WHERE id = $1`, [id]);
  return rows[0] ? toIntegration(rows[0]) : null;
}

/** The live integration a bearer token belongs to, whatever its kind (the caller checks the kind). */
export async function integrationByToken(manager: EntityManager, token: string): Promise<Integration | null> {
  const rows: Row[] = await manager.query(`SELECT ${COLUMNS} FROM core.integrations WHERE token_hash = $1 AND revoked_at IS NULL`, [hashToken(token)]);
  return rows[0] ? toIntegration(rows[0]) : null;
}

/** A live generic integration and its secret, for checking a signature. */
export async function genericIntegration(manager: EntityManager, id: string): Promise<{ integration: Integration; secret: string } | null> {
  const rows: (Row & { hmac_secret: string })[] = await manager.query(
    `SELECT ${COLUMNS}, hmac_secret FROM core.integrations WHERE id = $1 AND kind = 'generic' AND revoked_at IS NULL`,
    [id],
  );
  return rows[0] ? { integration: toIntegration(rows[0]), secret: rows[0].hmac_secret } : null;
}

export async function revokeIntegration(manager: EntityManager, id: string, at: Date): Promise<Integration | null> {
  // TypeORM answers an UPDATE … RETURNING with [rows, count].
  const [rows]: [Row[], number] = await manager.query(`UPDATE core.integrations SET revoked_at = coalesce(revoked_at, $2::timestamptz) WHERE id = $1 RETURNING ${COLUMNS}`, [id, at]);
  return rows[0] ? toIntegration(rows[0]) : null;
}

export async function setComponentMatchers(manager: EntityManager, id: string, mappings: ComponentMapping[]): Promise<Integration | null> {
  const [rows]: [Row[], number] = await manager.query(`UPDATE core.integrations SET component_matchers = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING ${COLUMNS}`, [id, JSON.stringify(mappings)]);
  return rows[0] ? toIntegration(rows[0]) : null;
}
