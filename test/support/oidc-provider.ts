import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort, waitFor } from '@sitrep/testing';

export interface OidcAccount {
  login: string;
  email: string;
  email_verified: boolean;
  name: string;
}

/** The local identity provider of the browser tests: oidc-provider in a child process (it is ESM-only). */
export class LocalOidcProvider {
  private child: ChildProcess | null = null;
  output = '';
  readonly clientId = 'sitrep-console';
  readonly clientSecret = 'console-test-client-secret-0123456789';
  port = 0;

  get issuer(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Picks the port first: incident-core must know the issuer before the provider knows the redirect URI. */
  async reservePort(): Promise<string> {
    this.port = await freePort();
    return this.issuer;
  }

  /** One client for the console and the comms approval page: each of their callbacks is a redirect URI of it. */
  async start(redirectUris: string | string[], accounts: OidcAccount[]): Promise<void> {
    const uris = Array.isArray(redirectUris) ? redirectUris : [redirectUris];
    this.child = spawn(process.execPath, [join(__dirname, 'local-oidc-provider.mjs')], {
      env: { ...process.env, OIDC_PORT: String(this.port), OIDC_CLIENT_ID: this.clientId, OIDC_CLIENT_SECRET: this.clientSecret, OIDC_REDIRECT_URIS: JSON.stringify(uris), OIDC_ACCOUNTS: JSON.stringify(accounts) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout!.on('data', (d) => (this.output += d));
    this.child.stderr!.on('data', (d) => (this.output += d));
    await waitFor(
      async () => {
        if (this.child?.exitCode !== null) throw new Error(`oidc-provider exited:\n${this.output}`);
        const response = await fetch(`${this.issuer}/.well-known/openid-configuration`).catch(() => null);
        return response?.status === 200;
      },
      { timeoutMs: 30_000, what: 'the local OpenID provider', intervalMs: 100 },
    );
  }

  async stop(): Promise<void> {
    if (!this.child || this.child.exitCode !== null) return;
    const child = this.child;
    const done = new Promise((ok) => child.once('exit', ok));
    child.kill('SIGTERM');
    await done;
  }
}
