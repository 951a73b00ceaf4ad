import { Controller, Get, Inject, NotFoundException, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { Public, SqlTokenStore, hashToken } from '@sitrep/auth';
import { SYSTEM_ACTOR } from '@sitrep/contracts';
import { LOGGER } from '@sitrep/platform';
import { OidcRelyingParty, SessionSubject, SignOnPlace, cookieHeader, finishSingleSignOn, randomSecret, readCookie, safeReturnTo, sameSecret, sendPage, startSingleSignOn } from '@sitrep/web-session';
import { CORE_SCHEMA } from '../core-schema';
import { PeopleService } from '../people/people.service';
import { PersonEntity } from '../people/person.entity';
import { CONSOLE_SETTINGS, ConsoleSettings } from './console-settings';
import { CONSOLE_PATH, CONSOLE_SESSION_COOKIE, ConsoleSessions } from './console-sessions';
import { ConsoleErrorFilter } from './console-error.filter';
import { ConsoleGuard, ConsoleRequest } from './console.guard';
import { CONSOLE_CSP, ConsoleViews } from './console-views';
import { decideSignIn } from './person-sign-in';

const SIGN_IN_COOKIE = 'sitrep_console_signin';
const OIDC_COOKIE = 'sitrep_console_oidc';
const text = (value: unknown) => (typeof value === 'string' ? value : '');

/**
 * Signing in to the console: single sign-on through the configured OpenID Connect provider (a verified
 * email that is on the roster), or an API token (embedded mode, admins, automation). Either way the
 * browser gets only a random session id in an HttpOnly cookie.
 */
@Controller('console')
@ApiExcludeController()
@Public()
@UseFilters(ConsoleErrorFilter)
export class SignInController {
  private readonly tokens: SqlTokenStore;
  private readonly oidc: OidcRelyingParty | null;

  constructor(
    private readonly sessions: ConsoleSessions,
    private readonly views: ConsoleViews,
    private readonly people: PeopleService,
    private readonly dataSource: DataSource,
    @Inject(CONSOLE_SETTINGS) private readonly settings: ConsoleSettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.tokens = new SqlTokenStore((sql, params) => dataSource.query(sql, params), CORE_SCHEMA);
    this.oidc = settings.oidc ? new OidcRelyingParty(settings.oidc) : null;
  }

  @Get('sign-in')
  signInForm(@Req() request: Request, @Res() response: Response): void {
    this.sendSignIn(request, response, 200, null);
  }

  /**
   * The token form has no session yet, so its CSRF check is a double submit: the hidden field must match
   * the SameSite=Strict cookie set with the form, which stops another site signing a browser in under its token.
   */
  @Post('sign-in')
  async signInWithToken(@Req() request: Request, @Res() response: Response): Promise<void> {
    const form = (request.body ?? {}) as Record<string, unknown>;
    const expected = readCookie(request.headers.cookie, SIGN_IN_COOKIE) ?? '';
    if (!expected || !sameSecret(text(form.csrf), expected)) return this.sendSignIn(request, response, 403, 'The sign-in form had expired. Enter your token again.');
    const token = text(form.token).trim();
    if (!token) return this.sendSignIn(request, response, 400, 'Enter your API token.');
    const tokenHash = hashToken(token);
    if (!(await this.tokens.findByHash(tokenHash))) return this.sendSignIn(request, response, 401, 'That token is unknown or revoked.');
    await this.openSession(request, response, { kind: 'token', tokenHash }, safeReturnTo(form.returnTo, CONSOLE_PATH));
  }

  /** Off to the identity provider; the pending sign-in waits in a short-lived cookie. */
  @Get('sign-in/sso')
  async beginSingleSignOn(@Req() request: Request, @Res() response: Response): Promise<void> {
    if (!this.oidc) throw new NotFoundException('Single sign-on is not configured on this Sitrep (set OIDC_ISSUER_URL, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET).');
    await startSingleSignOn(this.oidc, request, response, this.signOnPlace(request), safeReturnTo(request.query.returnTo, CONSOLE_PATH));
  }

  @Get('sign-in/callback')
  async finishSingleSignOn(@Req() request: Request, @Res() response: Response): Promise<void> {
    if (!this.oidc) throw new NotFoundException('Single sign-on is not configured on this Sitrep.');
    const outcome = await finishSingleSignOn(this.oidc, request, response, this.signOnPlace(request));
    if (outcome.kind === 'refused') {
      if (outcome.cause !== undefined) this.logger.warn({ err: outcome.cause }, 'single sign-on callback refused');
      return this.sendSignIn(request, response, outcome.status, outcome.message);
    }
    const person = await this.dataSource.getRepository(PersonEntity).findOneBy({ email: outcome.identity.email });
    const decision = decideSignIn(outcome.identity, person, this.settings.autoProvision);
    if (decision.kind === 'refuse') return this.sendSignIn(request, response, 403, decision.reason);
    const personId =
      decision.kind === 'person' ? decision.personId : (await this.people.register({ name: decision.name, email: decision.email, roles: [] }, { ...SYSTEM_ACTOR, name: 'single sign-on' })).id;
    this.logger.info({ personId, provisioned: decision.kind === 'provision' }, 'console sign-in through single sign-on');
    await this.openSession(request, response, { kind: 'person', personId, via: 'oidc' }, outcome.returnTo);
  }

  @Post('sign-out')
  @UseGuards(ConsoleGuard)
  async signOut(@Req() request: ConsoleRequest, @Res() response: Response): Promise<void> {
    await this.sessions.store.close(request.console!.session);
    response.append('set-cookie', cookieHeader(CONSOLE_SESSION_COOKIE, '', { path: CONSOLE_PATH, maxAgeSeconds: 0, secure: request.secure, sameSite: 'Lax' }));
    response.redirect(303, `${CONSOLE_PATH}/sign-in`);
  }

  private async openSession(request: Request, response: Response, subject: SessionSubject, returnTo: string): Promise<void> {
    const session = await this.sessions.store.open(subject);
    // Lax, not Strict: after the provider's redirect the browser must send it on the way into the console.
    // Forms are still safe: every post needs the session's CSRF token.
    response.append('set-cookie', cookieHeader(CONSOLE_SESSION_COOKIE, session.sessionId, { path: CONSOLE_PATH, maxAgeSeconds: this.sessions.store.maxAgeSeconds, secure: request.secure, sameSite: 'Lax' }));
    response.append('set-cookie', cookieHeader(SIGN_IN_COOKIE, '', { path: CONSOLE_PATH, maxAgeSeconds: 0, secure: request.secure }));
    response.redirect(303, returnTo);
  }

  private baseUrl(request: Request): string {
    return this.settings.publicUrl ?? `${request.protocol}://${request.get('host')}`;
  }

  /** The callback route below is `<path>/sign-in/callback`, as startSingleSignOn tells the provider. */
  private signOnPlace(request: Request): SignOnPlace {
    return { cookieName: OIDC_COOKIE, path: CONSOLE_PATH, baseUrl: this.baseUrl(request) };
  }

  private sendSignIn(request: Request, response: Response, status: number, error: string | null): void {
    const csrf = randomSecret();
    response.append('set-cookie', cookieHeader(SIGN_IN_COOKIE, csrf, { path: CONSOLE_PATH, maxAgeSeconds: 60 * 60, secure: request.secure }));
    const returnTo = safeReturnTo(request.query.returnTo ?? (request.body as Record<string, unknown> | undefined)?.returnTo, CONSOLE_PATH);
    sendPage(response, status, this.views.render('sign-in', { pageTitle: 'Sign in', csrf, error, sso: Boolean(this.oidc), returnTo, returnToQuery: encodeURIComponent(returnTo) }), CONSOLE_CSP);
  }
}
