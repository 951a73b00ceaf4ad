import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CLOCK, Clock } from '@sitrep/clock';
import { DEFAULT_SESSION_LIFETIME, OidcSettings, SessionLifetime, WebSession, WebSessions } from '@sitrep/web-session';
import { COMMS_SCHEMA } from '../comms-schema';

export const SESSION_COOKIE = 'sitrep_comms_session';
export const SIGN_IN_COOKIE = 'sitrep_comms_signin';
export const OIDC_COOKIE = 'sitrep_comms_oidc';
export const PAGE_PATH = '/approvals';

export type PageSession = WebSession;
export type { Flash } from '@sitrep/web-session';

/** How the approval page signs people in: the console's identity provider, comms' address, session lifetimes. */
export interface ApprovalPageSettings {
  /** The same OpenID Connect provider and client as the console (OIDC_*); null: token sign-in only. */
  oidc: OidcSettings | null;
  /** comms' address as browsers reach it (COMMS_PUBLIC_URL): the provider sends them back to <url>/approvals/sign-in/callback. */
  publicUrl: string | null;
  lifetime: SessionLifetime;
}
export const APPROVAL_PAGE_SETTINGS = Symbol('ApprovalPageSettings');
export const DEFAULT_APPROVAL_PAGE_SETTINGS: ApprovalPageSettings = { oidc: null, publicUrl: null, lifetime: DEFAULT_SESSION_LIFETIME };

/**
 * Sign-in sessions of the approval page, in comms.web_sessions (libs/web-session, as the console's): the
 * cookie holds a random id, the table its hash, who it speaks for (an API token, checked again on every
 * request, or a person signed in through single sign-on, whose rights incident-core is asked for on every
 * request), its CSRF token, and when it was opened and last used (idle and absolute expiry).
 */
@Injectable()
export class PageSessions {
  readonly store: WebSessions;

  constructor(dataSource: DataSource, @Inject(CLOCK) clock: Clock, @Inject(APPROVAL_PAGE_SETTINGS) settings: ApprovalPageSettings) {
    this.store = new WebSessions((sql, params) => dataSource.query(sql, params), COMMS_SCHEMA, settings.lifetime, () => clock.now());
  }
}
