/** A browser without a browser: keeps cookies, follows nothing, posts forms. */
export class FormClient {
  private cookies = new Map<string, string>();
  constructor(private readonly base: string) {}

  private remember(response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      const [pair, ...attributes] = header.split(';');
      const [name, value] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
      if (attributes.some((a) => a.trim() === 'Max-Age=0')) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  get cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async get(path: string): Promise<{ status: number; html: string; location: string | null }> {
    const response = await fetch(`${this.base}${path}`, { headers: { cookie: this.cookieHeader }, redirect: 'manual' });
    this.remember(response);
    return { status: response.status, html: await response.text(), location: response.headers.get('location') };
  }

  async post(path: string, form: Record<string, string | string[]>): Promise<{ status: number; html: string; location: string | null }> {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(form)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
    const response = await fetch(`${this.base}${path}`, { method: 'POST', headers: { cookie: this.cookieHeader, 'content-type': 'application/x-www-form-urlencoded' }, body, redirect: 'manual' });
    this.remember(response);
    return { status: response.status, html: await response.text(), location: response.headers.get('location') };
  }

  async signInWithToken(token: string): Promise<string> {
    const form = await this.get('/console/sign-in');
    const csrf = /name="csrf" value="([^"]+)"/.exec(form.html)![1];
    const signedIn = await this.post('/console/sign-in', { csrf, token, returnTo: '/console' });
    expect(signedIn).toMatchObject({ status: 303, location: '/console' });
    return this.csrf();
  }

  async csrf(): Promise<string> {
    const page = await this.get('/console');
    return /name="csrf" value="([^"]+)"/.exec(page.html)![1];
  }
}
