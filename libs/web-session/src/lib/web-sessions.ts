import { randomSecret, sha256 } from './secrets';
import { SessionLifetime, sessionState } from './session-expiry';

export type SqlQuery = (sql: string, params?: unknown[]) => Promise<unknown>;

/** Who a session speaks for: an API token (checked again on every request) or a person signed in through OIDC. */
export type SessionSubject = { kind: 'token'; tokenHash: string } | { kind: 'person'; personId: string; via: 'oidc' };

export interface WebSession {
  idHash: string;
  subject: SessionSubject;
  csrfToken: string;
  createdAt: Date;
  lastSeenAt: Date;
}

export interface Flash {
  kind: 'success' | 'error';
  text: string;
}

/** DDL for a service's session table, used by that service's migrations. */
export function webSessionsTableSql(schema: string): string[] {
  return [
    `CREATE TABLE "${schema}".web_sessions (
      id_hash text PRIMARY KEY,
      subject jsonb NOT NULL,
      csrf_token text NOT NULL,
      flash text NULL,
      created_at timestamptz NOT NULL,
      last_seen_at timestamptz NOT NULL
    )`,
    `CREATE INDEX web_sessions_by_age ON "${schema}".web_sessions (created_at)`,
  ];
}

interface Row {
  id_hash: string;
  subject: SessionSubject;
  csrf_token: string;
  created_at: Date;
  last_seen_at: Date;
}

const rowsOf = <T>(result: unknown): T[] => {
  // pg answers an UPDATE … RETURNING through TypeORM as [rows, count].
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return result as T[];
};

/**
 * Browser sessions of a service's pages. The cookie holds a random id; the table holds its hash, who the
 * session speaks for, its CSRF token and when it was opened and last used, so idle and absolute expiry
 * are decided here, on the server, whatever the cookie says.
 */
export class WebSessions {
  constructor(
    private readonly query: SqlQuery,
    private readonly schema: string,
    private readonly lifetime: SessionLifetime,
    private readonly now: () => Date,
  ) {}

  get maxAgeSeconds(): number {
    return this.lifetime.absoluteSeconds;
  }

  async open(subject: SessionSubject): Promise<{ sessionId: string; csrfToken: string }> {
    const sessionId = randomSecret();
    const csrfToken = randomSecret();
    const now = this.now();
    await this.query(`DELETE FROM "${this.schema}".web_sessions WHERE created_at < $1`, [new Date(now.getTime() - this.lifetime.absoluteSeconds * 1000)]);
    await this.query(`INSERT INTO "${this.schema}".web_sessions (id_hash, subject, csrf_token, created_at, last_seen_at) VALUES ($1, $2, $3, $4, $4)`, [
      sha256(sessionId),
      JSON.stringify(subject),
      csrfToken,
      now,
    ]);
    return { sessionId, csrfToken };
  }

  /** The live session for a cookie, its idle timer restarted; null (and the row gone) when it has ended. */
  async touch(sessionId: string): Promise<WebSession | null> {
    const now = this.now();
    // One round trip on every page view: restart the idle timer and read what it was before; an ended
    // session is then deleted (its brief new last_seen_at never counts).
    const rows = rowsOf<Row>(
      await this.query(
        `UPDATE "${this.schema}".web_sessions s SET last_seen_at = $2
           FROM (SELECT id_hash, last_seen_at FROM "${this.schema}".web_sessions WHERE id_hash = $1 FOR UPDATE) old
          WHERE s.id_hash = old.id_hash
          RETURNING s.id_hash, s.subject, s.csrf_token, s.created_at, old.last_seen_at`,
        [sha256(sessionId), now],
      ),
    );
    const row = rows[0];
    if (!row) return null;
    if (sessionState({ createdAt: row.created_at, lastSeenAt: row.last_seen_at }, now, this.lifetime) !== 'live') {
      await this.query(`DELETE FROM "${this.schema}".web_sessions WHERE id_hash = $1`, [row.id_hash]);
      return null;
    }
    return { idHash: row.id_hash, subject: row.subject, csrfToken: row.csrf_token, createdAt: row.created_at, lastSeenAt: now };
  }

  /** A one-time message for the next page view (Post/Redirect/Get keeps it off the URL). */
  async setFlash(session: WebSession, flash: Flash): Promise<void> {
    await this.query(`UPDATE "${this.schema}".web_sessions SET flash = $2 WHERE id_hash = $1`, [session.idHash, JSON.stringify(flash)]);
  }

  async takeFlash(session: WebSession): Promise<Flash | null> {
    const rows = rowsOf<{ flash: string | null }>(
      await this.query(
        `UPDATE "${this.schema}".web_sessions s SET flash = NULL FROM (SELECT flash FROM "${this.schema}".web_sessions WHERE id_hash = $1 FOR UPDATE) old
         WHERE s.id_hash = $1 RETURNING old.flash`,
        [session.idHash],
      ),
    );
    const text = rows[0]?.flash;
    return text ? (JSON.parse(text) as Flash) : null;
  }

  async close(session: WebSession): Promise<void> {
    await this.query(`DELETE FROM "${this.schema}".web_sessions WHERE id_hash = $1`, [session.idHash]);
  }

  /** Ends every session of a token (revoked) or a person (removed), at once. */
  async closeFor(subject: SessionSubject): Promise<void> {
    const key = subject.kind === 'token' ? { kind: 'token', tokenHash: subject.tokenHash } : { kind: 'person', personId: subject.personId };
    await this.query(`DELETE FROM "${this.schema}".web_sessions WHERE subject @> $1::jsonb`, [JSON.stringify(key)]);
  }
}
