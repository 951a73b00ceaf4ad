/** A small client for the apps' HTTP APIs, as an operator's script would use them. */
export function api(baseUrl: string, token?: string) {
  const headers = (extra: Record<string, string> = {}) => ({ ...(token ? { authorization: `Bearer ${token}` } : {}), ...extra });
  return {
    async get<T = unknown>(path: string): Promise<{ status: number; body: T }> {
      const response = await fetch(`${baseUrl}${path}`, { headers: headers() });
      const text = await response.text();
      return { status: response.status, body: (text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as T };
    },
    post<T = unknown>(path: string, body: unknown): Promise<{ status: number; body: T }> {
      return send<T>('POST', path, body);
    },
    put<T = unknown>(path: string, body: unknown): Promise<{ status: number; body: T }> {
      return send<T>('PUT', path, body);
    },
  };

  async function send<T>(method: string, path: string, body: unknown): Promise<{ status: number; body: T }> {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: headers({ 'content-type': 'application/json' }),
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }
}

export interface SummaryJson {
  page: { id: string; name: string };
  status: { indicator: string; description: string };
  components: { id: string; name: string; status: string; group: boolean }[];
  incidents: unknown[];
  scheduled_maintenances: unknown[];
}
