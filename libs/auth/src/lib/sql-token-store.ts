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

  /** Stores a token's hash; a token already stored is left as it is. */
  async add(token: string, role: Role, label: string, personId: string | null = null): Promise<void> {
    await this.query(
      `INSERT INTO "${this.schema}".api_tokens (id, token_hash, role, label, person_id) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (token_hash) DO NOTHING`,
      [randomUUID(), hashToken(token), role, label, personId],
    );
  }
}
