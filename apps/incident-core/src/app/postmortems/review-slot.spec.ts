import { foldLine, icalText, renderInvitation } from './ical';
import { nextWorkingSlot, proposeReviewSlot } from './review-slot';

const t = (iso: string) => new Date(`${iso}:00.000Z`);
const hours48 = 48 * 3_600_000;
const slot = (resolved: string) => {
  const r = t(resolved);
  const s = proposeReviewSlot(r, new Date(r.getTime() + hours48));
  return [s.start.toISOString().slice(0, 16), s.end.toISOString().slice(11, 16), s.withinDeadline];
};

describe('the proposed review slot', () => {
  it('is the next working-hours slot a day after resolution (the scripted P1: Thursday 12:37 → Friday 13:00)', () => {
    expect(slot('2026-11-26T12:37')).toEqual(['2026-11-27T13:00', '14:00', true]);
    expect(slot('2026-11-23T07:10')).toEqual(['2026-11-24T09:00', '10:00', true]);
  });

  it('moves earlier, inside the deadline, when a day later is after hours or the weekend', () => {
    // Thursday 16:30 + 24h is Friday 16:30, too late for an hour's meeting; Monday is after the deadline (Saturday 16:30).
    expect(slot('2026-11-26T16:30')).toEqual(['2026-11-27T16:00', '17:00', true]);
  });

  it('says so when no working-hours slot fits before the deadline', () => {
    // Friday 18:00: the 48 hours are all weekend.
    expect(slot('2026-11-27T18:00')).toEqual(['2026-11-30T09:00', '10:00', false]);
  });

  it('skips weekends and evenings', () => {
    expect(nextWorkingSlot(t('2026-11-28T10:00')).start.toISOString()).toBe('2026-11-30T09:00:00.000Z');
    expect(nextWorkingSlot(t('2026-11-26T16:01')).start.toISOString()).toBe('2026-11-27T09:00:00.000Z');
    expect(nextWorkingSlot(t('2026-11-26T15:59')).start.toISOString()).toBe('2026-11-26T16:00:00.000Z');
  });
});

describe('the iCalendar invitation', () => {
  const ics = renderInvitation({
    uid: 'postmortem-review-1@sitrep',
    stamp: t('2026-11-26T12:37'),
    start: t('2026-11-27T13:00'),
    end: t('2026-11-27T14:00'),
    summary: 'Post-mortem review: INC-0001 Payment processing outage',
    description: 'Blameless review; due 2026-11-28 12:37 UTC.\nDraft attached, see link',
    organizer: { name: 'Alice Commander', email: 'alice@example.test', role: 'CHAIR' },
    attendees: [
      { name: 'Alice Commander', email: 'alice@example.test', role: 'CHAIR' },
      { name: 'Bob Engineer', email: 'bob@example.test', role: 'REQ-PARTICIPANT' },
    ],
    status: 'TENTATIVE',
  });

  it('is one VEVENT with the slot, the organiser and every attendee, CRLF-terminated', () => {
    const unfolded = ics.replace(/\r\n /g, '');
    expect(unfolded.split('\r\n')).toEqual([
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Sitrep//Post-mortem review//EN',
      'CALSCALE:GREGORIAN',
      'METHOD:REQUEST',
      'BEGIN:VEVENT',
      'UID:postmortem-review-1@sitrep',
      'DTSTAMP:20261126T123700Z',
      'DTSTART:20261127T130000Z',
      'DTEND:20261127T140000Z',
      'SUMMARY:Post-mortem review: INC-0001 Payment processing outage',
      'DESCRIPTION:Blameless review\\; due 2026-11-28 12:37 UTC.\\nDraft attached\\, see link',
      'ORGANIZER;CN="Alice Commander":mailto:alice@example.test',
      'ATTENDEE;CN="Alice Commander";ROLE=CHAIR;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:alice@example.test',
      'ATTENDEE;CN="Bob Engineer";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:bob@example.test',
      'STATUS:TENTATIVE',
      'SEQUENCE:0',
      'TRANSP:OPAQUE',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ]);
  });

  it('folds lines at 75 octets and escapes text', () => {
    for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(foldLine('x'.repeat(80))).toBe(`${'x'.repeat(75)}\r\n ${'x'.repeat(5)}`);
    expect(icalText('a,b;c\\d\ne')).toBe('a\\,b\\;c\\\\d\\ne');
  });
});
