// A real OpenID Connect provider (oidc-provider from npm) for the console's browser test. oidc-provider is an
// ES module that Jest cannot load, so the test runs this file as a child process with plain node.
// Input (env): OIDC_PORT, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URIS (JSON list), OIDC_ACCOUNTS (JSON list of
// { login, email, email_verified, name }). Its development sign-in form takes the login; no password.
// Prints "issuer <url>" once listening.
import Provider from 'oidc-provider';

const port = Number(process.env.OIDC_PORT);
const issuer = `http://127.0.0.1:${port}`;
const accounts = JSON.parse(process.env.OIDC_ACCOUNTS ?? '[]');

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: process.env.OIDC_CLIENT_ID,
      client_secret: process.env.OIDC_CLIENT_SECRET,
      redirect_uris: JSON.parse(process.env.OIDC_REDIRECT_URIS ?? '[]'),
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  pkce: { required: () => true },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  // The email goes into the ID token too, as many providers do; the console falls back to userinfo otherwise.
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: true } },
  cookies: { keys: ['console-browser-test-cookie-key'] },
  async findAccount(_ctx, id) {
    const account = accounts.find((a) => a.login === id);
    if (!account) return undefined;
    return { accountId: id, claims: async () => ({ sub: id, email: account.email, email_verified: account.email_verified, name: account.name }) };
  },
});
// Development keys and interactions: fine for a test on loopback, and oidc-provider says so on stderr.
provider.listen(port, '127.0.0.1', () => console.log(`issuer ${issuer}`));
