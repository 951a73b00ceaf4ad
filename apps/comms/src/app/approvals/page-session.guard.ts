import { CanActivate, ExecutionContext, ForbiddenException, Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import type { Principal, Role, TokenStore } from '@sitrep/auth';
import { COMMS_TOKEN_STORE } from '../tokens/tokens.service';
import { readCookie, sameSecret } from '@sitrep/web-session';
import { PageSession, PageSessions, SESSION_COOKIE } from './page-sessions';

/** Roles the approval page is for: the people who decide what customers are told. */
export const PAGE_ROLES: readonly Role[] = ['comms_lead', 'admin'];

export type PageRequest = Request & { principal?: Principal; pageSession?: PageSession };

/** No (valid) session: the page's exception filter answers with a redirect to the sign-in form. */
export class SignInRequired extends Error {}

/**
 * The page's counterpart of the token guard. A browser cannot send a bearer header when it follows a link,
 * so the page routes are @Public() to the token guard and this guard reads the session cookie instead,
 * resolves the session's token again (a revoked token ends the session), and on every form post checks
 * the session's CSRF token from the hidden field.
 */
@Injectable()
export class PageSessionGuard implements CanActivate {
  constructor(
    private readonly sessions: PageSessions,
    @Inject(COMMS_TOKEN_STORE) private readonly tokens: TokenStore,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<PageRequest>();
    const sessionId = readCookie(request.headers.cookie, SESSION_COOKIE);
    if (!sessionId) throw new SignInRequired('no session cookie');
    const session = await this.sessions.find(sessionId);
    if (!session) throw new SignInRequired('unknown or expired session');
    const principal = await this.tokens.findByHash(session.tokenHash);
    if (!principal || !PAGE_ROLES.includes(principal.role)) {
      await this.sessions.close(session);
      throw new SignInRequired('the session\'s token was revoked');
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
}
