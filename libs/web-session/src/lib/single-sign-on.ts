import type { Request, Response } from 'express';
import { cookieHeader, readCookie } from './cookies';
import { OidcRelyingParty, PendingSignIn, safeReturnTo } from './oidc-relying-party';

/** The request fields single sign-on reads (an express Request has them all). */
export type SignOnRequest = Pick<Request, 'headers' | 'query' | 'originalUrl' | 'secure'>;

/**
 * Where a service signs people in: its pages live under `path` (also the prefix a returnTo must stay
 * under and the pending cookie's path), its callback route is `<path>/sign-in/callback`, and `baseUrl`
 * is how browsers reach it.
 */
export interface SignOnPlace {
  cookieName: string;
  path: string;
  baseUrl: string;
}

/** Ten minutes: long enough to sign in at the provider, short enough that a stale attempt is refused. */
const PENDING_MAX_AGE_SECONDS = 10 * 60;

// Lax: the provider sends the browser back with a top-level GET from its own site.
const pendingCookie = (request: Pick<Request, 'secure'>, place: SignOnPlace, value: string, maxAgeSeconds: number) =>
  cookieHeader(place.cookieName, value, { path: place.path, maxAgeSeconds, secure: request.secure, sameSite: 'Lax' });

/** The parts of an express Response single sign-on writes to. */
export type SignOnResponse = Pick<Response, 'append' | 'redirect'>;

/** Off to the identity provider (a 303), with state, nonce and the PKCE verifier kept in a short-lived cookie. */
export async function startSingleSignOn(
  oidc: Pick<OidcRelyingParty, 'begin'>,
  request: Pick<Request, 'secure'>,
  response: SignOnResponse,
  place: SignOnPlace,
  returnTo: string,
): Promise<void> {
  const { url, pending } = await oidc.begin(`${place.baseUrl}${place.path}/sign-in/callback`, returnTo);
  response.append('set-cookie', pendingCookie(request, place, Buffer.from(JSON.stringify(pending)).toString('base64url'), PENDING_MAX_AGE_SECONDS));
  response.redirect(303, url);
}

/** A provider identity with an email the provider has verified: the only kind that may map to a person. */
export interface VerifiedIdentity {
  subject: string;
  email: string;
  name: string | null;
}

export type SingleSignOnOutcome =
  | { kind: 'verified'; identity: VerifiedIdentity; returnTo: string }
  /** `cause` is set when the code exchange failed, for the service to log. */
  | { kind: 'refused'; status: 400 | 401 | 403; message: string; cause?: unknown };

/**
 * Back from the provider: the pending cookie (always cleared, whatever happens), the provider's own
 * error, the code exchange (state, nonce, PKCE), then a shared, verified email. Who that email is on
 * Sitrep, and what it may do, is the service's decision.
 */
export async function finishSingleSignOn(
  oidc: Pick<OidcRelyingParty, 'finish'>,
  request: SignOnRequest,
  response: Pick<Response, 'append'>,
  place: SignOnPlace,
): Promise<SingleSignOnOutcome> {
  response.append('set-cookie', pendingCookie(request, place, '', 0));
  const refuse = (status: 400 | 401 | 403, message: string, cause?: unknown): SingleSignOnOutcome => ({ kind: 'refused', status, message, ...(cause === undefined ? {} : { cause }) });
  const pending = pendingFrom(readCookie(request.headers.cookie, place.cookieName), place.path);
  if (!pending) return refuse(400, 'That sign-in took too long or was started in another browser. Sign in again.');
  if (typeof request.query.error === 'string') return refuse(401, `Your identity provider refused the sign-in (${request.query.error}).`);
  let identity;
  try {
    identity = await oidc.finish(new URL(request.originalUrl, place.baseUrl), pending);
  } catch (error) {
    return refuse(401, 'The answer from your identity provider did not check out (state, nonce or code). Sign in again.', error);
  }
  if (!identity.email) return refuse(403, 'Your identity provider did not share an email address, so we cannot tell who you are on the roster.');
  if (!identity.emailVerified) return refuse(403, `Your identity provider has not verified ${identity.email}; only a verified email signs you in.`);
  return { kind: 'verified', identity: { subject: identity.subject, email: identity.email, name: identity.name }, returnTo: pending.returnTo };
}

function pendingFrom(cookie: string | null, prefix: string): PendingSignIn | null {
  if (!cookie) return null;
  try {
    const value = JSON.parse(Buffer.from(cookie, 'base64url').toString('utf8')) as Partial<PendingSignIn>;
    if (typeof value.state !== 'string' || typeof value.nonce !== 'string' || typeof value.codeVerifier !== 'string') return null;
    return { state: value.state, nonce: value.nonce, codeVerifier: value.codeVerifier, returnTo: safeReturnTo(value.returnTo, prefix) };
  } catch {
    return null;
  }
}
