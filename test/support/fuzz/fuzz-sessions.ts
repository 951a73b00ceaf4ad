/** A signed-in browser as the fuzzer needs it: the session cookie to send, and the session's CSRF token for form posts. */
export interface FuzzSession {
  cookie: string;
  csrf: string;
}

export type FuzzSessions = Partial<Record<'console' | 'approvals', FuzzSession>>;

const CSRF_FIELD = /name="csrf" value="([^"]+)"/;

function cookiesOf(response: Response, jar: Map<string, string>): void {
  for (const header of response.headers.getSetCookie()) {
    const pair = header.split(';')[0];
    const name = pair.slice(0, pair.indexOf('='));
    if (/Max-Age=0/i.test(header)) jar.delete(name);
    else jar.set(name, pair.slice(pair.indexOf('=') + 1));
  }
}

const cookieHeader = (jar: Map<string, string>) => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');

/**
 * Signs in with a token the way a browser does (the sign-in form's double-submit CSRF cookie, then the
 * token form) and reads the session's CSRF token from the page signed in, `home`. Throws if any step is
 * refused: a fuzz run that silently stayed signed out would test nothing behind the session check.
 */
export async function signInWithToken(base: string, prefix: '/console' | '/approvals', token: string, home = prefix): Promise<FuzzSession> {
  const jar = new Map<string, string>();
  const form = await fetch(`${base}${prefix}/sign-in`, { redirect: 'manual' });
  cookiesOf(form, jar);
  const signInCsrf = CSRF_FIELD.exec(await form.text())?.[1];
  if (!signInCsrf) throw new Error(`${prefix}/sign-in rendered no CSRF field`);
  const signedIn = await fetch(`${base}${prefix}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: cookieHeader(jar), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf: signInCsrf, token }),
  });
  cookiesOf(signedIn, jar);
  await signedIn.text();
  if (signedIn.status !== 303) throw new Error(`${prefix}/sign-in answered ${signedIn.status}`);
  const page = await fetch(`${base}${home}`, { headers: { cookie: cookieHeader(jar) }, redirect: 'manual' });
  const csrf = CSRF_FIELD.exec(await page.text())?.[1];
  if (page.status !== 200 || !csrf) throw new Error(`${home} answered ${page.status} after signing in, without a CSRF field`);
  return { cookie: cookieHeader(jar), csrf };
}
