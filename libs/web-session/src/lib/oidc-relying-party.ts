import type * as OpenIdClient from 'openid-client';

export interface OidcSettings {
  issuerUrl: string;
  clientId: string;
  clientSecret: string;
}

/** What the browser carries between the redirect to the provider and the callback (in a short-lived cookie). */
export interface PendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
  /** Where to go once signed in: a path on this service, never another site. */
  returnTo: string;
}

/** Who the provider says signed in. Only a verified email maps to a person. */
export interface OidcIdentity {
  subject: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
}

/**
 * openid-client 6 is an ES module. Node 20.19+ loads it with require(), but only when first needed, so
 * a service (or a test) without single sign-on configured never loads it.
 */
function openIdClient(): typeof OpenIdClient {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('openid-client') as typeof OpenIdClient;
}

/**
 * Sign-in with OpenID Connect: authorization code flow with PKCE (S256), state and nonce checked on the
 * way back. The provider's metadata is discovered on first use and kept.
 */
export class OidcRelyingParty {
  private configuration: Promise<OpenIdClient.Configuration> | null = null;

  constructor(private readonly settings: OidcSettings) {}

  private config(): Promise<OpenIdClient.Configuration> {
    if (!this.configuration) {
      const client = openIdClient();
      const issuer = new URL(this.settings.issuerUrl);
      // Plain http only for a provider on this machine (development and tests); anything else must be https.
      const local = issuer.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(issuer.hostname);
      this.configuration = client
        .discovery(issuer, this.settings.clientId, this.settings.clientSecret, undefined, local ? { execute: [client.allowInsecureRequests] } : undefined)
        .catch((error: unknown) => {
          this.configuration = null;
          throw error;
        });
    }
    return this.configuration;
  }

  async begin(redirectUri: string, returnTo: string): Promise<{ url: string; pending: PendingSignIn }> {
    const client = openIdClient();
    const config = await this.config();
    const pending: PendingSignIn = { state: client.randomState(), nonce: client.randomNonce(), codeVerifier: client.randomPKCECodeVerifier(), returnTo };
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid email profile',
      response_type: 'code',
      code_challenge: await client.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
    return { url: url.href, pending };
  }

  /** Exchanges the code (checking state, nonce and PKCE) and reads the email from the ID token or, failing that, userinfo. */
  async finish(callbackUrl: URL, pending: PendingSignIn): Promise<OidcIdentity> {
    const client = openIdClient();
    const config = await this.config();
    const tokens = await client.authorizationCodeGrant(config, callbackUrl, { pkceCodeVerifier: pending.codeVerifier, expectedState: pending.state, expectedNonce: pending.nonce, idTokenExpected: true });
    const claims = tokens.claims();
    if (!claims) throw new Error('the provider returned no ID token');
    let email = typeof claims.email === 'string' ? claims.email : null;
    let verified = claims.email_verified === true;
    let name = typeof claims.name === 'string' ? claims.name : null;
    if (!email) {
      const info = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
      email = typeof info.email === 'string' ? info.email : null;
      verified = info.email_verified === true;
      name = name ?? (typeof info.name === 'string' ? info.name : null);
    }
    return { subject: claims.sub, email: email?.toLowerCase() ?? null, emailVerified: verified, name };
  }
}

/** A returnTo taken from a query string: only a path under the given prefix, so sign-in cannot redirect off-site. */
export function safeReturnTo(value: unknown, prefix: string): string {
  if (typeof value !== 'string' || !value.startsWith(prefix) || value.startsWith('//') || /[\\\r\n]/.test(value)) return prefix;
  return value;
}
