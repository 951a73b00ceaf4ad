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

/** TEXT values: backslash, semicolon, comma and newlines escaped. */
export function icalText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** Parameter values (CN) are quoted, and may not contain a double quote. */
function param(value: string): string {
  return `"${value.replace(/"/g, "'")}"`;
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
    kind === 'ORGANIZER' ? `ORGANIZER;CN=${param(p.name)}:mailto:${p.email}` : `ATTENDEE;CN=${param(p.name)};ROLE=${p.role};PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:${p.email}`;
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Sitrep//Post-mortem review//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:REQUEST',
    'BEGIN:VEVENT',
    `UID:${inv.uid}`,
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
