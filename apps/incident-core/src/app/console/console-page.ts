import type { Response } from 'express';
import type { Flash } from '@sitrep/web-session';
import { sendPage } from '@sitrep/web-session';
import type { ConsoleRequest } from './console.guard';
import type { ConsoleSessions } from './console-sessions';
import { CONSOLE_CSP, ConsoleViews } from './console-views';

export type Form = Record<string, unknown>;
export const formText = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');
export const formList = (value: unknown): string[] =>
  (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim());

/** What every console page's frame needs: who is signed in, the session's CSRF token, a one-time message. */
export async function frameOf(request: ConsoleRequest, sessions: ConsoleSessions, nav: string) {
  const { session, caller } = request.console!;
  const flash: Flash | null = await sessions.store.takeFlash(session);
  return {
    nav,
    csrf: session.csrfToken,
    flash,
    me: { label: caller.principal.label, roles: caller.tokenRoles.join(', '), admin: caller.tokenRoles.includes('admin'), personId: caller.principal.personId },
  };
}

export async function renderPage(request: ConsoleRequest, response: Response, sessions: ConsoleSessions, views: ConsoleViews, view: string, nav: string, model: object, status = 200): Promise<void> {
  sendPage(response, status, views.render(view, { ...(await frameOf(request, sessions, nav)), ...model }), CONSOLE_CSP);
}

/** Post/Redirect/Get: the outcome is a one-time message on the page the browser goes back to. */
export async function redirectWith(request: ConsoleRequest, response: Response, sessions: ConsoleSessions, to: string, flash: Flash): Promise<void> {
  await sessions.store.setFlash(request.console!.session, flash);
  response.redirect(303, to);
}

/** An HTTP refusal (400 naming the field, 403, 404, 409) as the sentence the console shows. */
export function refusalText(error: unknown): string | null {
  const http = error as { getResponse?: () => unknown; getStatus?: () => number };
  if (typeof http?.getResponse !== 'function' || typeof http.getStatus !== 'function' || http.getStatus() >= 500) return null;
  const body = http.getResponse();
  if (typeof body === 'string') return body;
  const b = body as { message?: unknown; fields?: { field: string; reason: string }[] };
  if (b.fields?.length) return `Not done: ${b.fields.map((f) => `${f.field} ${f.reason}`).join('; ')}.`;
  return String(Array.isArray(b.message) ? b.message.join('; ') : b.message ?? 'refused');
}
