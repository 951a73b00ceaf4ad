/** What comms answered, in the terms the landing pages need. */
export type CommsOutcome =
  | { kind: 'ok'; status: number; body: unknown }
  | { kind: 'rejected'; status: number; message: string; retryAfterSeconds?: number }
  | { kind: 'unavailable'; reason: string };

export type SubscribeRequest = { email: string; componentIds?: string[] } | { phone: string; componentIds: string[] };

/** The reason comms gave, from its problem+json body (detail, then the first field's reason, then title). */
function reasonFrom(body: unknown): string | null {
  if (!body || typeof body !== 'object') return null;
  const b = body as { detail?: unknown; message?: unknown; title?: unknown; fields?: { field?: unknown; reason?: unknown }[] };
  const field = Array.isArray(b.fields) ? b.fields.find((f) => typeof f?.reason === 'string') : undefined;
  for (const candidate of [b.detail, field ? `${String(field.field ?? '')}: ${String(field.reason)}`.replace(/^: /, '') : undefined, b.message, b.title]) {
    if (typeof candidate === 'string' && candidate.trim()) return candidate.trim().slice(0, 500);
  }
  return null;
}

/**
 * comms' public subscriber API, as the status page's forms use it. The page never fails because comms
 * does: a refused connection, a timeout or a 5xx comes back as `unavailable` for a polite 503 page.
 * Each call names the visitor (X-Forwarded-For, from the address Express derived with the status page's
 * trusted proxies), so comms limits each visitor on their own rather than the status page as a whole.
 */
export class CommsSubscribersClient {
  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs = 5_000,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  subscribe(request: SubscribeRequest, visitor?: string): Promise<CommsOutcome> {
    return this.call('POST', '/api/v1/subscribers', request, { notFoundMeansUnavailable: true, visitor });
  }

  confirm(token: string, visitor?: string): Promise<CommsOutcome> {
    return this.call('GET', `/api/v1/subscribers/confirm?token=${encodeURIComponent(token)}`, undefined, { notFoundMeansUnavailable: false, visitor });
  }

  /** The code texted to a new SMS subscriber. */
  confirmPhone(phone: string, code: string, visitor?: string): Promise<CommsOutcome> {
    return this.call('POST', '/api/v1/subscribers/confirm', { phone, code }, { notFoundMeansUnavailable: false, visitor });
  }

  unsubscribe(token: string, visitor?: string): Promise<CommsOutcome> {
    return this.call('POST', '/api/v1/subscribers/unsubscribe', { token }, { notFoundMeansUnavailable: false, visitor });
  }

  private async call(method: 'GET' | 'POST', path: string, body: unknown, options: { notFoundMeansUnavailable: boolean; visitor?: string }): Promise<CommsOutcome> {
    let response: Response;
    try {
      response = await this.fetchImpl(`${this.baseUrl}${path}`, {
        method,
        headers: {
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(options.visitor ? { 'x-forwarded-for': options.visitor } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
        redirect: 'manual',
      });
    } catch (error) {
      return { kind: 'unavailable', reason: (error as Error)?.name === 'TimeoutError' ? `no answer within ${this.timeoutMs} ms` : String((error as Error)?.message ?? error) };
    }
    const text = await response.text().catch(() => '');
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = null;
    }
    if (response.ok) return { kind: 'ok', status: response.status, body: parsed };
    if (response.status >= 500 || (response.status === 404 && options.notFoundMeansUnavailable)) {
      return { kind: 'unavailable', reason: `comms answered ${response.status}` };
    }
    const retryAfter = Number(response.headers.get('retry-after'));
    return {
      kind: 'rejected',
      status: response.status,
      message: reasonFrom(parsed) ?? `comms answered ${response.status}`,
      ...(Number.isInteger(retryAfter) && retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {}),
    };
  }
}
