import { randomUUID } from 'node:crypto';
import { Principal, Role, TokenStore, hashToken } from './tokens';

export type SqlQuery = (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

/** DDL for a service's token table, used by that service's migrations. */
export function apiTokensTableSql(schema: string): string {
  return `CREATE TABLE "${schema}".api_tokens (
    id uuid PRIMARY KEY,
    token_hash text NOT NULL UNIQUE,
    role text NOT NULL,
    label text NOT NULL,
    person_id uuid NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz NULL
  )`;
}

export const CONFIGURED_ADMIN_LABEL = 'admin (SITREP_ADMIN_TOKEN)';

export interface TokenRecord {
  tokenId: string;
  role: Role;
  label: string;
  personId: string | null;
  createdAt: string;
  revokedAt: string | null;
}

export class SqlTokenStore implements TokenStore {
  constructor(
    private readonly query: SqlQuery,
    private readonly schema: string,
  ) {}

  async findByHash(hash: string): Promise<Principal | null> {
    const rows = await this.query(
      `SELECT id, role, label, person_id FROM "${this.schema}".api_tokens WHERE token_hash = $1 AND revoked_at IS NULL`,
      [hash],
    );
    const row = rows[0];
    if (!row) return null;
    return { tokenId: String(row.id), role: row.role as Role, label: String(row.label), personId: (row.person_id as string | null) ?? null };
  }

  /** Every token, newest first (hashes never leave the store). */
  async list(): Promise<TokenRecord[]> {
    const rows = await this.query(
      `SELECT id, role, label, person_id, created_at, revoked_at FROM "${this.schema}".api_tokens ORDER BY revoked_at IS NOT NULL, created_at DESC, id LIMIT 1000`,
    );
    return rows.map((row) => ({
      tokenId: String(row.id),
      role: row.role as Role,
      label: String(row.label),
      personId: (row.person_id as string | null) ?? null,
      createdAt: new Date(row.created_at as string).toISOString(),
      revokedAt: row.revoked_at ? new Date(row.revoked_at as string).toISOString() : null,
    }));
  }

  /**
   * Revokes a token by id; every lookup after this finds nothing, so its next request gets 401. Returns
   * the hash of the token it revoked (to end its browser sessions), or null when there was none to revoke.
   */
  async revoke(tokenId: string): Promise<string | null> {
    const rows = await this.query(`UPDATE "${this.schema}".api_tokens SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING token_hash`, [tokenId]);
    const list = (Array.isArray(rows[0]) ? rows[0] : rows) as Record<string, unknown>[];
    return list[0] ? String(list[0].token_hash) : null;
  }

  /**
   * The configured admin token: stored, and any earlier one configured the same way revoked, so rotating
   * SITREP_ADMIN_TOKEN (change it, restart) shuts the old one out.
   */
  async rotateConfiguredAdmin(token: string): Promise<void> {
    await this.query(`UPDATE "${this.schema}".api_tokens SET revoked_at = now() WHERE label = $1 AND token_hash <> $2 AND revoked_at IS NULL`, [CONFIGURED_ADMIN_LABEL, hashToken(token)]);
    await this.add(token, 'admin', CONFIGURED_ADMIN_LABEL);
  }

  /** Stores a token's hash; a token already stored is left as it is. */
  async add(token: string, role: Role, label: string, personId: string | null = null): Promise<void> {
    await this.query(
      `INSERT INTO "${this.schema}".api_tokens (id, token_hash, role, label, person_id) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (token_hash) DO NOTHING`,
      [randomUUID(), hashToken(token), role, label, personId],
    );
  }
}
