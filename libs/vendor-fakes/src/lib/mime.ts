/**
 * Just enough MIME (RFC 2045-2047) to read what nodemailer and other SMTP clients send: folded headers,
 * encoded words, multipart bodies, quoted-printable and base64. The sink uses it so that tests can assert
 * on the subject, the headers and both bodies of a message exactly as a mailbox would show them.
 */
export interface MimeHeaders {
  /** Lower-cased name → every value, unfolded and decoded, in order. */
  all: Map<string, string[]>;
  get(name: string): string | undefined;
}

export interface ParsedMessage {
  headers: MimeHeaders;
  text: string | null;
  html: string | null;
  /** A text/calendar part (an invitation), if any. */
  calendar: string | null;
}

function splitHeadAndBody(raw: string): { head: string; body: string } {
  const match = /\r?\n\r?\n/.exec(raw);
  if (!match) return { head: raw, body: '' };
  return { head: raw.slice(0, match.index), body: raw.slice(match.index + match[0].length) };
}

/** =?utf-8?Q?...?= and =?utf-8?B?...?= words (RFC 2047); adjacent encoded words join without the space. */
export function decodeEncodedWords(value: string): string {
  return value
    .replace(/(=\?[^?]+\?[QqBb]\?[^?]*\?=)\s+(?==\?[^?]+\?[QqBb]\?[^?]*\?=)/g, '$1')
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_all, charset: string, encoding: string, text: string) => {
      const bytes =
        encoding.toUpperCase() === 'B'
          ? Buffer.from(text, 'base64')
          : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1');
      return bytes.toString(/^utf-?8$/i.test(charset) ? 'utf8' : 'latin1');
    });
}

export function parseHeaders(head: string): MimeHeaders {
  const all = new Map<string, string[]>();
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  for (const line of unfolded.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = decodeEncodedWords(line.slice(colon + 1).trim());
    all.set(name, [...(all.get(name) ?? []), value]);
  }
  return { all, get: (name) => all.get(name.toLowerCase())?.[0] };
}

export function decodeQuotedPrintable(text: string): Buffer {
  const soft = text.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < soft.length; i++) {
    const c = soft[i];
    if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(c, 'utf8'));
    }
  }
  return Buffer.from(bytes);
}

function parameter(headerValue: string | undefined, name: string): string | undefined {
  if (!headerValue) return undefined;
  const match = new RegExp(`;\\s*${name}\\s*=\\s*("([^"]*)"|[^;\\s]+)`, 'i').exec(headerValue);
  return match ? (match[2] ?? match[1]) : undefined;
}

function decodeBody(body: string, headers: MimeHeaders): string {
  const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  const charset = (parameter(headers.get('content-type'), 'charset') ?? 'utf-8').toLowerCase();
  const bytes = encoding === 'base64' ? Buffer.from(body.replace(/\s+/g, ''), 'base64') : encoding === 'quoted-printable' ? decodeQuotedPrintable(body) : Buffer.from(body, 'utf8');
  return bytes.toString(charset === 'utf-8' || charset === 'utf8' || charset === 'us-ascii' ? 'utf8' : 'latin1');
}

type Bodies = { text: string | null; html: string | null; calendar: string | null };

function walk(raw: string, out: Bodies): MimeHeaders {
  const { head, body } = splitHeadAndBody(raw);
  const headers = parseHeaders(head);
  const contentType = (headers.get('content-type') ?? 'text/plain').toLowerCase();
  if (contentType.startsWith('multipart/')) {
    const boundary = parameter(headers.get('content-type'), 'boundary');
    if (boundary) {
      const parts = body.split(new RegExp(`\\r?\\n?--${boundary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:--)?[ \\t]*\\r?\\n?`));
      // parts[0] is the preamble and the last one the epilogue.
      for (const part of parts.slice(1, -1)) if (part.trim()) walk(part, out);
    }
  } else if (contentType.startsWith('text/html')) {
    out.html ??= decodeBody(body, headers);
  } else if (contentType.startsWith('text/calendar')) {
    out.calendar ??= decodeBody(body, headers).replace(/\r\n/g, '\n');
  } else if (contentType.startsWith('text/')) {
    out.text ??= decodeBody(body, headers).replace(/\r\n/g, '\n');
  }
  return headers;
}

export function parseMessage(raw: string): ParsedMessage {
  const out: Bodies = { text: null, html: null, calendar: null };
  const headers = walk(raw, out);
  return { headers, text: out.text, html: out.html, calendar: out.calendar };
}
