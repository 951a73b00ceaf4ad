import { CanActivate, ExecutionContext, ForbiddenException, Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import type { Principal, Role, TokenStore } from '@sitrep/auth';
import { COMMS_TOKEN_STORE } from '../tokens/tokens.service';
import { WebSession, readCookie, sameSecret } from '@sitrep/web-session';
import { IncidentCoreRoster } from './incident-core-roster';
import { approverFor } from './page-approver';
import { PageSession, PageSessions, SESSION_COOKIE } from './page-sessions';

/** Roles the approval page is for: the people who decide what customers are told. */
export const PAGE_ROLES: readonly Role[] = ['comms_lead', 'admin'];

export type PageRequest = Request & { principal?: Principal; pageSession?: PageSession };

/** No (valid) session: the page's exception filter answers with a redirect to the sign-in form. */
export class SignInRequired extends Error {}

/**
 * The page's counterpart of the token guard. A browser cannot send a bearer header when it follows a link,
 * so the page routes are @Public() to the token guard and this guard reads the session cookie instead,
 * ends an idle or expired session, and resolves who the session speaks for again on every request: a
 * revoked token, or a person incident-core no longer gives comms_lead rights, ends the session. On every
 * form post it checks the session's CSRF token from the hidden field.
 */
@Injectable()
export class PageSessionGuard implements CanActivate {
  constructor(
    private readonly sessions: PageSessions,
    private readonly roster: IncidentCoreRoster,
    @Inject(COMMS_TOKEN_STORE) private readonly tokens: TokenStore,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<PageRequest>();
    const sessionId = readCookie(request.headers.cookie, SESSION_COOKIE);
    if (!sessionId) throw new SignInRequired('no session cookie');
    const session = await this.sessions.store.touch(sessionId);
    if (!session) throw new SignInRequired('unknown, idle or expired session');
    const principal = await this.principalOf(session);
    if (!principal) {
      await this.sessions.store.close(session);
      throw new SignInRequired('the session\'s token was revoked, or its person may no longer approve');
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      const body = request.body as Record<string, unknown> | undefined;
      const sent = typeof body?.csrf === 'string' ? body.csrf : '';
      if (!sameSecret(sent, session.csrfToken)) {
        throw new ForbiddenException('This form did not come from your current approval page (or the page is out of date). Go back to the queue, reload it and try again.');
      }
    }
    request.principal = principal;
    request.pageSession = session;
    return true;
  }

  private async principalOf(session: WebSession): Promise<Principal | null> {
    if (session.subject.kind === 'token') {
      const principal = await this.tokens.findByHash(session.subject.tokenHash);
      return principal && PAGE_ROLES.includes(principal.role) ? principal : null;
    }
    const person = await this.roster.byId(session.subject.personId);
    const decision = approverFor(person?.email ?? 'this person', person);
    return decision.kind === 'approver' ? decision.principal : null;
  }
}
