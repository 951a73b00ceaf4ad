import { BadRequestException, Controller, Get, HttpException, Inject, NotFoundException, Param, ParseUUIDPipe, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { Public, TokenStore, hashToken } from '@sitrep/auth';
import type { Logger } from 'pino';
import { FieldProblem, LOGGER, fieldProblems } from '@sitrep/platform';
import { approveBody, rejectBody } from '../communications/communications.schemas';
import { CommunicationsService } from '../communications/communications.service';
import { KnownComponentEntity } from '../components/known-component.entity';
import { COMMS_TOKEN_STORE } from '../tokens/tokens.service';
import { ApprovalsService } from './approvals.service';
import { OidcRelyingParty, SessionSubject, SignOnPlace, cookieHeader, finishSingleSignOn, randomSecret, readCookie, sameSecret, sendPage, startSingleSignOn } from '@sitrep/web-session';
import { PageErrorFilter } from './page-error.filter';
import { PAGE_ROLES, PageRequest, PageSessionGuard } from './page-session.guard';
import { APPROVAL_PAGE_SETTINGS, ApprovalPageSettings, OIDC_COOKIE, PageSessions, SESSION_COOKIE, SIGN_IN_COOKIE } from './page-sessions';
import { IncidentCoreRoster } from './incident-core-roster';
import { approverFor } from './page-approver';
import { APPROVAL_PAGES_CSP, EditFormValues, PageViews, queueModel } from './page-views';

const QUEUE = '/approvals';
const SIGN_IN = '/approvals/sign-in';
const COOKIE_PATH = '/approvals';
const uuid = () => new ParseUUIDPipe({ exceptionFactory: () => new BadRequestException('That link does not name a draft.') });

type Form = Record<string, unknown>;
const text = (value: unknown) => (typeof value === 'string' ? value : '');
const list = (value: unknown) => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : typeof value === 'string' ? [value] : []);

/** The edit form as submitted: checkboxes arrive as a string or a list, components as components[<id>]=<status>. */
export function editFormValues(form: Form): EditFormValues {
  const components: Record<string, string> = {};
  const nested = form.components;
  if (nested && typeof nested === 'object' && !Array.isArray(nested)) {
    for (const [id, status] of Object.entries(nested as Record<string, unknown>)) if (typeof status === 'string' && status !== '') components[id] = status;
  }
  return { title: text(form.title), body: text(form.body), status: text(form.status), impact: text(form.impact), channels: list(form.channels), components };
}

/**
 * The approval queue as a server-rendered page: sign in once (through the same identity provider as the
 * console, or with a token), then approve, edit and approve, or reject with plain forms (no JavaScript). The token guard lets these routes through (@Public) and
 * PageSessionGuard authenticates them from the session cookie instead, checking each form's CSRF token.
 */
@Controller('approvals')
@ApiExcludeController()
@Public()
@UseFilters(PageErrorFilter)
export class ApprovalPageController {
  private readonly oidc: OidcRelyingParty | null;

  constructor(
    private readonly approvals: ApprovalsService,
    private readonly communications: CommunicationsService,
    private readonly sessions: PageSessions,
    private readonly views: PageViews,
    private readonly dataSource: DataSource,
    private readonly roster: IncidentCoreRoster,
    @Inject(COMMS_TOKEN_STORE) private readonly tokens: TokenStore,
    @Inject(APPROVAL_PAGE_SETTINGS) private readonly settings: ApprovalPageSettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.oidc = settings.oidc ? new OidcRelyingParty(settings.oidc) : null;
  }

  @Get('sign-in')
  signInForm(@Req() request: Request, @Res() response: Response): void {
    this.sendSignIn(request, response, 200, null);
  }

  /**
   * The sign-in form has no session yet, so its CSRF check is a double submit: the value in the hidden field
   * must match the SameSite=Strict cookie set with the form. That stops another site signing a browser in
   * under the other site's token.
   */
  @Post('sign-in')
  async signIn(@Req() request: Request, @Res() response: Response): Promise<void> {
    const form = (request.body ?? {}) as Form;
    const expected = readCookie(request.headers.cookie, SIGN_IN_COOKIE) ?? '';
    if (!expected || !sameSecret(text(form.csrf), expected)) return this.sendSignIn(request, response, 403, 'The sign-in form had expired. Enter your token again.');
    const token = text(form.token).trim();
    if (!token) return this.sendSignIn(request, response, 400, 'Enter your API token.');
    const tokenHash = hashToken(token);
    const principal = await this.tokens.findByHash(tokenHash);
    if (!principal) return this.sendSignIn(request, response, 401, 'That token is unknown or revoked.');
    if (!PAGE_ROLES.includes(principal.role)) {
      return this.sendSignIn(request, response, 403, `A ${principal.role} token cannot approve customer communications; sign in with a comms_lead token.`);
    }
    // Strict: a token session never needs to survive another site's redirect.
    await this.openSession(request, response, { kind: 'token', tokenHash }, 'Strict');
  }

  /** Off to the identity provider the console uses; the pending sign-in waits in a short-lived cookie. */
  @Get('sign-in/sso')
  async beginSingleSignOn(@Req() request: Request, @Res() response: Response): Promise<void> {
    if (!this.oidc) throw new NotFoundException('Single sign-on is not configured on this Sitrep (set OIDC_ISSUER_URL, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET).');
    await startSingleSignOn(this.oidc, request, response, this.signOnPlace(request), QUEUE);
  }

  /**
   * Back from the provider: a verified email, the person incident-core has with it, and the rights it gives
   * them (comms_lead, or no entry). comms decides nothing about the person itself.
   */
  @Get('sign-in/callback')
  async finishSingleSignOn(@Req() request: Request, @Res() response: Response): Promise<void> {
    if (!this.oidc) throw new NotFoundException('Single sign-on is not configured on this Sitrep.');
    const outcome = await finishSingleSignOn(this.oidc, request, response, this.signOnPlace(request));
    if (outcome.kind === 'refused') {
      if (outcome.cause !== undefined) this.logger.warn({ err: outcome.cause }, 'approval page single sign-on callback refused');
      return this.sendSignIn(request, response, outcome.status, outcome.message);
    }
    const { email } = outcome.identity;
    const decision = approverFor(email, await this.roster.byEmail(email));
    if (decision.kind === 'refuse') return this.sendSignIn(request, response, 403, decision.reason);
    this.logger.info({ personId: decision.principal.personId }, 'approval page sign-in through single sign-on');
    // Lax, not Strict: after the provider's redirect the browser must send it on the way into the queue.
    // Forms are still safe: every post needs the session's CSRF token.
    await this.openSession(request, response, { kind: 'person', personId: decision.principal.personId!, via: 'oidc' }, 'Lax');
  }

  @Post('sign-out')
  @UseGuards(PageSessionGuard)
  async signOut(@Req() request: PageRequest, @Res() response: Response): Promise<void> {
    await this.sessions.store.close(request.pageSession!);
    response.append('set-cookie', cookieHeader(SESSION_COOKIE, '', { path: COOKIE_PATH, maxAgeSeconds: 0, secure: request.secure }));
    response.redirect(303, SIGN_IN);
  }

  private async openSession(request: Request, response: Response, subject: SessionSubject, sameSite: 'Strict' | 'Lax'): Promise<void> {
    const session = await this.sessions.store.open(subject);
    response.append('set-cookie', cookieHeader(SESSION_COOKIE, session.sessionId, { path: COOKIE_PATH, maxAgeSeconds: this.sessions.store.maxAgeSeconds, secure: request.secure, sameSite }));
    response.append('set-cookie', cookieHeader(SIGN_IN_COOKIE, '', { path: COOKIE_PATH, maxAgeSeconds: 0, secure: request.secure }));
    response.redirect(303, QUEUE);
  }

  private baseUrl(request: Request): string {
    return this.settings.publicUrl ?? `${request.protocol}://${request.get('host')}`;
  }

  /** The callback route below is `<path>/sign-in/callback`, as startSingleSignOn tells the provider. */
  private signOnPlace(request: Request): SignOnPlace {
    return { cookieName: OIDC_COOKIE, path: COOKIE_PATH, baseUrl: this.baseUrl(request) };
  }

  @Get()
  @UseGuards(PageSessionGuard)
  async queue(@Req() request: PageRequest, @Res() response: Response): Promise<void> {
    await this.sendQueue(request, response, 200);
  }

  @Post(':id/approve')
  @UseGuards(PageSessionGuard)
  async approve(@Param('id', uuid()) id: string, @Req() request: PageRequest, @Res() response: Response): Promise<void> {
    await this.decide(request, response, async () => {
      const view = await this.approvals.approve(id, {}, request.principal!);
      return `Approved and published: ${view.title}`;
    });
  }

  @Post(':id/edit')
  @UseGuards(PageSessionGuard)
  async editAndApprove(@Param('id', uuid()) id: string, @Req() request: PageRequest, @Res() response: Response): Promise<void> {
    const values = editFormValues((request.body ?? {}) as Form);
    const parsed = approveBody.safeParse({
      title: values.title,
      body: values.body,
      status: values.status,
      impact: values.impact,
      channels: values.channels,
      components: Object.entries(values.components).map(([componentId, status]) => ({ id: componentId, status })),
    });
    // A refused edit shows the form again with what was typed and each problem beside its field.
    if (!parsed.success) return this.sendQueue(request, response, 400, { id, values, problems: fieldProblems(parsed.error) });
    try {
      const view = await this.approvals.approve(id, parsed.data, request.principal!);
      await this.sessions.store.setFlash(request.pageSession!, { kind: 'success', text: `Approved with edits and published: ${view.title}` });
      response.redirect(303, QUEUE);
    } catch (error) {
      const fields = error instanceof BadRequestException ? ((error.getResponse() as { fields?: FieldProblem[] }).fields ?? null) : null;
      if (fields) return this.sendQueue(request, response, 400, { id, values, problems: fields });
      await this.flashFailure(request, response, error);
    }
  }

  @Post(':id/reject')
  @UseGuards(PageSessionGuard)
  async reject(@Param('id', uuid()) id: string, @Req() request: PageRequest, @Res() response: Response): Promise<void> {
    await this.decide(request, response, async () => {
      const parsed = rejectBody.safeParse({ reason: text((request.body as Form | undefined)?.reason) });
      if (!parsed.success) throw new BadRequestException(`Not rejected: the reason ${fieldProblems(parsed.error)[0].reason}.`);
      const view = await this.approvals.reject(id, parsed.data, request.principal!);
      return `Rejected: ${view.title}`;
    });
  }

  /** Post/Redirect/Get: the outcome, good or bad, is a one-time message on the queue. */
  private async decide(request: PageRequest, response: Response, action: () => Promise<string>): Promise<void> {
    try {
      const done = await action();
      await this.sessions.store.setFlash(request.pageSession!, { kind: 'success', text: done });
      response.redirect(303, QUEUE);
    } catch (error) {
      await this.flashFailure(request, response, error);
    }
  }

  private async flashFailure(request: PageRequest, response: Response, error: unknown): Promise<void> {
    if (!(error instanceof HttpException)) throw error;
    const body = error.getResponse();
    const message = typeof body === 'string' ? body : String((body as { message?: unknown }).message ?? error.message);
    await this.sessions.store.setFlash(request.pageSession!, { kind: 'error', text: message });
    response.redirect(303, QUEUE);
  }

  private async sendQueue(request: PageRequest, response: Response, status: number, refused?: { id: string; values: EditFormValues; problems: FieldProblem[] }): Promise<void> {
    const session = request.pageSession!;
    const [flash, drafts, components] = [
      await this.sessions.store.takeFlash(session),
      await this.communications.list('pending'),
      await this.dataSource.getRepository(KnownComponentEntity).find({ order: { name: 'ASC' }, take: 500 }),
    ];
    const model = queueModel({ principal: request.principal!, csrf: session.csrfToken, flash, drafts, components: components.map((c) => ({ id: c.id, name: c.name })), refused });
    sendPage(response, status, this.views.queue(model), APPROVAL_PAGES_CSP);
  }

  private sendSignIn(request: Request, response: Response, status: number, error: string | null): void {
    const csrf = randomSecret();
    response.append('set-cookie', cookieHeader(SIGN_IN_COOKIE, csrf, { path: COOKIE_PATH, maxAgeSeconds: 60 * 60, secure: request.secure }));
    sendPage(response, status, this.views.signIn({ csrf, error, sso: Boolean(this.oidc) }), APPROVAL_PAGES_CSP);
  }
}
