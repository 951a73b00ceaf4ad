import { foldLine, icalParam, icalText, renderInvitation } from './ical';

const base = {
  uid: 'pm-1@sitrep',
  stamp: new Date('2026-11-27T09:00:00Z'),
  start: new Date('2026-11-27T13:00:00Z'),
  end: new Date('2026-11-27T14:00:00Z'),
  summary: 'Post-mortem review: INC-1',
  description: 'Agenda',
  status: 'TENTATIVE' as const,
};

/** Unfolds per RFC 5545 3.1 and splits into content lines. */
const contentLines = (ics: string) => ics.replace(/\r\n[ \t]/g, '').split('\r\n').filter(Boolean);

describe('the review invitation (.ics)', () => {
  it('keeps a name with CR/LF inside its own line: no injected property', () => {
    const ics = renderInvitation({
      ...base,
      organizer: { name: 'Eve\r\nATTENDEE;CN=Mallory:mailto:mallory@evil.example', email: 'eve@example.com', role: 'CHAIR' },
      attendees: [{ name: 'Bob"\nDTSTART:19700101T000000Z', email: 'bob@example.com\r\nX-INJECTED:1', role: 'REQ-PARTICIPANT' }],
    });
    const lines = contentLines(ics);
    expect(lines.filter((l) => l.startsWith('ATTENDEE'))).toHaveLength(1);
    expect(lines.filter((l) => l.startsWith('DTSTART'))).toEqual(['DTSTART:20261127T130000Z']);
    expect(lines.some((l) => l.startsWith('X-INJECTED'))).toBe(false);
    expect(lines.find((l) => l.startsWith('ORGANIZER'))).toBe('ORGANIZER;CN="Eve^nATTENDEE;CN=Mallory:mailto:mallory@evil.example":mailto:eve@example.com');
    // No bare CR or LF anywhere: every line ends in CRLF.
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('escapes TEXT and parameter values per RFC 5545 and RFC 6868', () => {
    expect(icalText('a\\b;c,d\r\ne\rf\ng\u0007')).toBe('a\\\\b\\;c\\,d\\ne\\nf\\ng');
    expect(icalParam('O"Neil ^ \r\nX')).toBe('"O^\'Neil ^^ ^nX"');
  });

  it('folds lines at 75 octets without splitting a character', () => {
    const line = `SUMMARY:${'é'.repeat(60)}`;
    const folded = foldLine(line);
    for (const part of folded.split('\r\n')) expect(Buffer.byteLength(part, 'utf8')).toBeLessThanOrEqual(75);
    expect(folded.replace(/\r\n /g, '')).toBe(line);
  });
});
