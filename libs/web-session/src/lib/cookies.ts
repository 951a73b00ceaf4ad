/** Just enough cookie handling for the server-rendered pages; no dependency for two functions. */

export function readCookie(header: string | string[] | undefined, name: string): string | null {
  const text = Array.isArray(header) ? header.join('; ') : header ?? '';
  for (const part of text.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    const value = part.slice(eq + 1).trim();
    try {
      return decodeURIComponent(value);
    } catch {
      return null;
    }
  }
  return null;
}

export interface CookieOptions {
  path: string;
  maxAgeSeconds: number;
  /** Set when the request came over HTTPS (directly or through a trusted proxy). */
  secure: boolean;
  /**
   * Strict by default: no other site's page can make the browser send it. Lax where a cookie must come
   * back on a top-level navigation from another site: the identity provider's redirect to the callback,
   * and the session the callback opens (its forms are still guarded by the session's CSRF token).
   */
  sameSite?: 'Strict' | 'Lax';
}

/** HttpOnly (no script reads it) and SameSite (Strict unless told Lax). */
export function cookieHeader(name: string, value: string, options: CookieOptions): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, `Path=${options.path}`, `Max-Age=${options.maxAgeSeconds}`, 'HttpOnly', `SameSite=${options.sameSite ?? 'Strict'}`];
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
}
