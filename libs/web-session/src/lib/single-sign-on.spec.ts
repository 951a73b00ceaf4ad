import { OidcIdentity, PendingSignIn } from './oidc-relying-party';
import { SignOnRequest, SignOnResponse, finishSingleSignOn, startSingleSignOn } from './single-sign-on';

const place = { cookieName: 'sitrep_oidc', path: '/console', baseUrl: 'https://sitrep.example' };
const pending: PendingSignIn = { state: 'st', nonce: 'no', codeVerifier: 'cv', returnTo: '/console/incidents/1' };
const cookieValue = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const callback = (over: { cookie?: string; error?: string } = {}): SignOnRequest =>
  ({ headers: { cookie: over.cookie === undefined ? `sitrep_oidc=${cookieValue(pending)}` : over.cookie }, query: over.error ? { error: over.error } : {}, originalUrl: '/console/sign-in/callback?code=c&state=st', secure: true }) as SignOnRequest;
/** Records what a handler wrote: the cookies it set, where it sent the browser. */
const recorder = () => {
  const written = { cookies: [] as string[], redirect: null as { status: number; url: string } | null };
  const response = {
    append: (_name: string, value: string) => written.cookies.push(value),
    redirect: (status: number, url: string) => (written.redirect = { status, url }),
  } as unknown as SignOnResponse;
  return { response, written };
};
const provider = (identity: Partial<OidcIdentity> | Error) => {
  const finish = jest.fn(async () => {
    if (identity instanceof Error) throw identity;
    return { subject: 's1', email: 'ada@example.com', emailVerified: true, name: 'Ada', ...identity };
  });
  return { finish };
};

describe('starting single sign-on', () => {
  it('sends the browser to the provider with the pending sign-in in a short-lived Lax cookie', async () => {
    const begin = jest.fn(async (_redirectUri: string, returnTo: string) => ({ url: 'https://idp.example/authorize?x=1', pending: { ...pending, returnTo } }));
    const { response, written } = recorder();
    await startSingleSignOn({ begin }, { secure: true }, response, place, '/console/incidents/1');
    expect(begin).toHaveBeenCalledWith('https://sitrep.example/console/sign-in/callback', '/console/incidents/1');
    expect(written).toEqual({
      cookies: [`sitrep_oidc=${cookieValue(pending)}; Path=/console; Max-Age=600; HttpOnly; SameSite=Lax; Secure`],
      redirect: { status: 303, url: 'https://idp.example/authorize?x=1' },
    });
  });
});

describe('finishing single sign-on', () => {
  const cleared = 'sitrep_oidc=; Path=/console; Max-Age=0; HttpOnly; SameSite=Lax; Secure';

  /** The outcome, checking that the pending cookie was cleared whatever it was. */
  const finish = async (oidc: ReturnType<typeof provider>, request: SignOnRequest) => {
    const { response, written } = recorder();
    const outcome = await finishSingleSignOn(oidc, request, response, place);
    expect(written).toEqual({ cookies: [cleared], redirect: null });
    return outcome;
  };

  it('gives the verified identity and where to return to, and clears the pending cookie', async () => {
    const oidc = provider({});
    expect(await finish(oidc, callback())).toEqual({ kind: 'verified', identity: { subject: 's1', email: 'ada@example.com', name: 'Ada' }, returnTo: '/console/incidents/1' });
    expect(oidc.finish).toHaveBeenCalledWith(new URL('https://sitrep.example/console/sign-in/callback?code=c&state=st'), pending);
  });

  it('never returns anywhere outside the service', async () => {
    expect(await finish(provider({}), callback({ cookie: `sitrep_oidc=${cookieValue({ ...pending, returnTo: 'https://evil.example' })}` }))).toMatchObject({ kind: 'verified', returnTo: '/console' });
  });

  it('refuses a missing, foreign or malformed pending cookie (400), still clearing it', async () => {
    for (const cookie of ['', 'other=1', 'sitrep_oidc=not-json', `sitrep_oidc=${cookieValue({ state: 'st' })}`]) {
      const oidc = provider({});
      expect(await finish(oidc, callback({ cookie }))).toEqual({ kind: 'refused', status: 400, message: 'That sign-in took too long or was started in another browser. Sign in again.' });
      expect(oidc.finish).not.toHaveBeenCalled();
    }
  });

  it("passes on the provider's own refusal (401)", async () => {
    expect(await finish(provider({}), callback({ error: 'access_denied' }))).toEqual({ kind: 'refused', status: 401, message: 'Your identity provider refused the sign-in (access_denied).' });
  });

  it('refuses a code exchange that does not check out (401), keeping the cause for the log', async () => {
    const failure = new Error('state mismatch');
    expect(await finish(provider(failure), callback())).toEqual({ kind: 'refused', status: 401, message: 'The answer from your identity provider did not check out (state, nonce or code). Sign in again.', cause: failure });
  });

  it('refuses an identity without an email, or with one the provider has not verified (403)', async () => {
    expect(await finish(provider({ email: null }), callback())).toEqual({
      kind: 'refused',
      status: 403,
      message: 'Your identity provider did not share an email address, so we cannot tell who you are on the roster.',
    });
    expect(await finish(provider({ emailVerified: false }), callback())).toEqual({
      kind: 'refused',
      status: 403,
      message: 'Your identity provider has not verified ada@example.com; only a verified email signs you in.',
    });
  });
});
