import { CanActivate, ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { DataSource } from 'typeorm';
import { SqlTokenStore } from '@sitrep/auth';
import { WebSession, readCookie, sameSecret } from '@sitrep/web-session';
import { CORE_SCHEMA } from '../core-schema';
import { PersonEntity } from '../people/person.entity';
import { ConsoleCaller, callerForPerson, callerFromToken } from './console-caller';
import { CONSOLE_SESSION_COOKIE, ConsoleSessions } from './console-sessions';

export type ConsoleRequest = Request & { console?: { session: WebSession; caller: ConsoleCaller } };

/** No (live) session: the console's exception filter answers with a redirect to sign-in. */
export class SignInRequired extends Error {}

/**
 * The console's counterpart of the token guard (the console routes are @Public() to that one). It reads
 * the session cookie, ends an idle or expired session, and resolves who the session speaks for again on
 * every request: a revoked token or a person taken off the roster is out at once. Every form post must
 * carry the session's CSRF token.
 */
@Injectable()
export class ConsoleGuard implements CanActivate {
  private readonly tokens: SqlTokenStore;

  constructor(
    private readonly sessions: ConsoleSessions,
    private readonly dataSource: DataSource,
  ) {
    this.tokens = new SqlTokenStore((sql, params) => dataSource.query(sql, params), CORE_SCHEMA);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<ConsoleRequest>();
    const sessionId = readCookie(request.headers.cookie, CONSOLE_SESSION_COOKIE);
    if (!sessionId) throw new SignInRequired('no session cookie');
    const session = await this.sessions.store.touch(sessionId);
    if (!session) throw new SignInRequired('unknown, idle or expired session');
    const caller = await this.callerOf(session);
    if (!caller) {
      await this.sessions.store.close(session);
      throw new SignInRequired('the session\'s token was revoked or its person removed');
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      const body = request.body as Record<string, unknown> | undefined;
      const sent = typeof body?.csrf === 'string' ? body.csrf : '';
      if (!sameSecret(sent, session.csrfToken)) {
        throw new ForbiddenException('This form did not come from your current console page (or the page is out of date). Reload the page and try again.');
      }
    }
    request.console = { session, caller };
    return true;
  }

  private async callerOf(session: WebSession): Promise<ConsoleCaller | null> {
    if (session.subject.kind === 'token') {
      const principal = await this.tokens.findByHash(session.subject.tokenHash);
      return principal ? callerFromToken(principal) : null;
    }
    const person = await this.dataSource.getRepository(PersonEntity).findOneBy({ id: session.subject.personId });
    return person ? callerForPerson(person) : null;
  }
}
