import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CLOCK, Clock } from '@sitrep/clock';
import { randomSecret, sha256 } from '@sitrep/web-session';

export const SESSION_COOKIE = 'sitrep_comms_session';
export const SIGN_IN_COOKIE = 'sitrep_comms_signin';
/** A shift: long enough to work an incident, short enough that a forgotten browser does not stay signed in for days. */
export const SESSION_SECONDS = 8 * 60 * 60;

export interface PageSession {
  idHash: string;
  tokenHash: string;
  csrfToken: string;
}

export interface Flash {
  kind: 'success' | 'error';
  text: string;
}


/**
 * Sign-in sessions of the approval page. The cookie holds a random session id; the table holds its hash,
 * the hash of the API token it was opened with (checked again on every request, so revoking the token
 * ends the session) and the session's CSRF token for the page's forms.
 */
@Injectable()
export class PageSessions {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async open(tokenHash: string): Promise<{ sessionId: string; csrfToken: string }> {
    const sessionId = randomSecret();
    const csrfToken = randomSecret();
    const now = this.clock.now();
    await this.dataSource.query(`DELETE FROM comms.approval_sessions WHERE expires_at < $1`, [now]);
    await this.dataSource.query(`INSERT INTO comms.approval_sessions (id_hash, token_hash, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`, [
      sha256(sessionId),
      tokenHash,
      csrfToken,
      now,
      new Date(now.getTime() + SESSION_SECONDS * 1000),
    ]);
    return { sessionId, csrfToken };
  }

  async find(sessionId: string): Promise<PageSession | null> {
    const rows: { id_hash: string; token_hash: string; csrf_token: string }[] = await this.dataSource.query(
      `SELECT id_hash, token_hash, csrf_token FROM comms.approval_sessions WHERE id_hash = $1 AND expires_at > $2`,
      [sha256(sessionId), this.clock.now()],
    );
    const row = rows[0];
    return row ? { idHash: row.id_hash, tokenHash: row.token_hash, csrfToken: row.csrf_token } : null;
  }

  /** A one-time message for the next page view (Post/Redirect/Get keeps it off the URL). */
  async setFlash(session: PageSession, flash: Flash): Promise<void> {
    await this.dataSource.query(`UPDATE comms.approval_sessions SET flash = $2 WHERE id_hash = $1`, [session.idHash, JSON.stringify(flash)]);
  }

  async takeFlash(session: PageSession): Promise<Flash | null> {
    const rows: { flash: string | null }[] = await this.dataSource.query(
      `UPDATE comms.approval_sessions s SET flash = NULL FROM (SELECT flash FROM comms.approval_sessions WHERE id_hash = $1 FOR UPDATE) old
       WHERE s.id_hash = $1 RETURNING old.flash`,
      [session.idHash],
    );
    const list = Array.isArray(rows[0]) ? (rows[0] as unknown as { flash: string | null }[]) : rows;
    const text = list[0]?.flash;
    return text ? (JSON.parse(text) as Flash) : null;
  }

  async close(session: PageSession): Promise<void> {
    await this.dataSource.query(`DELETE FROM comms.approval_sessions WHERE id_hash = $1`, [session.idHash]);
  }
}
