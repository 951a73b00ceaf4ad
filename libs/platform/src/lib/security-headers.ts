/**
 * Hardening headers on every answer of a Nest app (JSON APIs, the dev inbox, landing pages). Routes with
 * pages of their own may set a stricter or looser policy after this; nothing here loads from elsewhere.
 */
export const DEFAULT_CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/** Swagger UI loads its own scripts and styles from this origin. */
export const API_DOCS_CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

interface RequestLike {
  path?: string;
  url?: string;
}
interface ResponseLike {
  setHeader(name: string, value: string): unknown;
}

export function securityHeaders(req: RequestLike, res: ResponseLike, next: () => void): void {
  const path = req.path ?? req.url ?? '';
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  // Confirmation and unsubscribe links carry their token in the URL: no page of ours hands it on in a Referer.
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Content-Security-Policy', path.startsWith('/api/docs') ? API_DOCS_CONTENT_SECURITY_POLICY : DEFAULT_CONTENT_SECURITY_POLICY);
  next();
}
