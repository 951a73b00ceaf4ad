import type { CommsConfig } from '../../config/comms-config';

export type DevInboxAccess = 'public' | 'admin' | 'off';

/**
 * Who may read /dev/inbox. It exists for the bundled vendor fakes, whose inboxes (DEV_INBOX_SOURCES) hold
 * every confirmation link, SMS code and war-room message; it is never served once a channel goes to a real
 * vendor, where it would sit beside real subscribers' traffic. A channel counts as a fake when it points at
 * a host that serves one of those inboxes (the HTTP fakes: the same origin; the SMTP sink: the same host,
 * its inbox has a port of its own). Embedded mode, which listens on 127.0.0.1, needs no token.
 */
export function devInboxAccess(mode: 'embedded' | 'distributed', comms: Pick<CommsConfig, 'devInboxSources' | 'email' | 'twilio' | 'smsFallback' | 'slack'>): DevInboxAccess {
  const sources = comms.devInboxSources.map(parse).filter((url): url is URL => url !== null);
  if (sources.length === 0) return 'off';
  const origins = new Set(sources.map((url) => url.origin));
  const hosts = new Set(sources.map((url) => url.hostname));
  const endpoints: { url: string; sameOriginAsInbox: boolean }[] = [
    ...(comms.email ? [{ url: comms.email.smtpUrl, sameOriginAsInbox: false }] : []),
    ...(comms.twilio ? [{ url: comms.twilio.apiUrl, sameOriginAsInbox: true }] : []),
    ...(comms.smsFallback ? [{ url: comms.smsFallback.apiUrl, sameOriginAsInbox: true }] : []),
    ...(comms.slack ? [{ url: comms.slack.apiUrl, sameOriginAsInbox: true }] : []),
  ];
  const allFakes = endpoints.every(({ url, sameOriginAsInbox }) => {
    const parsed = parse(url);
    if (!parsed) return false;
    return sameOriginAsInbox ? origins.has(parsed.origin) : hosts.has(parsed.hostname);
  });
  if (!allFakes) return 'off';
  return mode === 'embedded' ? 'public' : 'admin';
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}
