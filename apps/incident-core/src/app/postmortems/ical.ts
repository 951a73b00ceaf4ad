/** A minimal RFC 5545 writer: one VEVENT inviting people to the post-mortem review. */

export interface Invitee {
  name: string;
  email: string;
  /** CHAIR for the commander, REQ-PARTICIPANT for everyone else. */
  role: 'CHAIR' | 'REQ-PARTICIPANT';
}

export interface ReviewInvitation {
  uid: string;
  stamp: Date;
  start: Date;
  end: Date;
  summary: string;
  description: string;
  organizer: Invitee | null;
  attendees: Invitee[];
  /** TENTATIVE while it is a proposal. */
  status: 'TENTATIVE' | 'CONFIRMED';
}

/** 20261127T130000Z */
export function icalTime(at: Date): string {
  return at.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

// Control characters other than HTAB may appear in neither TEXT nor parameter values (RFC 5545 3.1, 3.3.11).
const CONTROLS = /[\u0000-\u0008\u000A-\u001F\u007F]/g;

/** TEXT values (RFC 5545 3.3.11): backslash, semicolon and comma escaped, every line break (CRLF, LF or CR) as \n, other controls dropped. */
export function icalText(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n')
    .replace(CONTROLS, '');
}

/**
 * Parameter values (CN) are always quoted; what a quoted value cannot hold is encoded per RFC 6868
 * (^^ for a caret, ^' for a double quote, ^n for a line break) and other controls are dropped, so a
 * name can never end the line and start a property of its own.
 */
export function icalParam(value: string): string {
  const encoded = value
    .replace(/\^/g, '^^')
    .replace(/"/g, "^'")
    .replace(/\r\n|\r|\n/g, '^n')
    .replace(CONTROLS, '');
  return `"${encoded}"`;
}

/** A calendar address: only what may appear in a mailto URI, so nothing can break out of the line. */
export function icalMailto(email: string): string {
  return `mailto:${email.replace(/[^A-Za-z0-9.!#$%&'*+/=?^_`{|}~@-]/g, (c) => encodeURIComponent(c))}`;
}

/** Lines longer than 75 octets are folded: CRLF followed by a space. */
export function foldLine(line: string): string {
  const bytes = Buffer.from(line, 'utf8');
  if (bytes.length <= 75) return line;
  const parts: string[] = [];
  let current = '';
  let size = 0;
  for (const ch of line) {
    const n = Buffer.byteLength(ch, 'utf8');
    const limit = parts.length === 0 ? 75 : 74;
    if (size + n > limit) {
      parts.push(current);
      current = '';
      size = 0;
    }
    current += ch;
    size += n;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

export function renderInvitation(inv: ReviewInvitation): string {
  const person = (p: Invitee, kind: 'ORGANIZER' | 'ATTENDEE') =>
    kind === 'ORGANIZER' ? `ORGANIZER;CN=${icalParam(p.name)}:${icalMailto(p.email)}` : `ATTENDEE;CN=${icalParam(p.name)};ROLE=${p.role};PARTSTAT=NEEDS-ACTION;RSVP=TRUE:${icalMailto(p.email)}`;
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Sitrep//Post-mortem review//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:REQUEST',
    'BEGIN:VEVENT',
    `UID:${icalText(inv.uid)}`,
    `DTSTAMP:${icalTime(inv.stamp)}`,
    `DTSTART:${icalTime(inv.start)}`,
    `DTEND:${icalTime(inv.end)}`,
    `SUMMARY:${icalText(inv.summary)}`,
    `DESCRIPTION:${icalText(inv.description)}`,
    ...(inv.organizer ? [person(inv.organizer, 'ORGANIZER')] : []),
    ...inv.attendees.map((a) => person(a, 'ATTENDEE')),
    `STATUS:${inv.status}`,
    'SEQUENCE:0',
    'TRANSP:OPAQUE',
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
