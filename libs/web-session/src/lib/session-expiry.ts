/** How long a session lives: idle (no request for this long ends it) and absolute (a shift at most). */
export interface SessionLifetime {
  idleSeconds: number;
  absoluteSeconds: number;
}

/** Half an hour without a request, or a twelve-hour shift, whichever comes first. */
export const DEFAULT_SESSION_LIFETIME: SessionLifetime = { idleSeconds: 30 * 60, absoluteSeconds: 12 * 60 * 60 };

export type SessionState = 'live' | 'idle' | 'expired';

/** Whether a session may still be used at `now`; an ended one sends the browser back to sign-in. */
export function sessionState(session: { createdAt: Date; lastSeenAt: Date }, now: Date, lifetime: SessionLifetime): SessionState {
  if (now.getTime() >= session.createdAt.getTime() + lifetime.absoluteSeconds * 1000) return 'expired';
  if (now.getTime() >= session.lastSeenAt.getTime() + lifetime.idleSeconds * 1000) return 'idle';
  return 'live';
}
