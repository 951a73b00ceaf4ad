import { createEvent, decodeEvent, encodeEvent, parseEvent } from './events';
import { eventSubject, deadLetterSubject, subjectFilters } from './subjects';

const actor = { kind: 'token' as const, id: 'tok-1' };
const incident = {
  id: '7acd7f33-8447-4d3a-8987-e80a03d385b3',
  reference: 'INC-0001',
  title: 'Payments down',
  severity: 'P1' as const,
  status: 'declared' as const,
  summary: null,
  componentIds: [],
  declaredAt: '2026-11-26T19:45:27.016Z',
  trigger: 'manual' as const,
  commanderId: null,
};

describe('event contracts', () => {
  it('builds an event with the current schema version, an id and the incident it concerns', () => {
    const event = createEvent('incident.declared', { incident }, { actor, incidentId: incident.id, occurredAt: new Date('2026-11-26T19:45:27Z') });
    expect(event).toMatchObject({ type: 'incident.declared', schemaVersion: 1, incidentId: incident.id, occurredAt: '2026-11-26T19:45:27.000Z', actor });
    expect(event.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses to build an event whose data breaks its schema', () => {
    expect(() => createEvent('incident.declared', { incident: { ...incident, severity: 'P7' as 'P1' } }, { actor })).toThrow(/severity/);
  });

  it('round-trips through bytes and validates on receipt', () => {
    const event = createEvent('incident.declared', { incident }, { actor, incidentId: incident.id });
    const parsed = decodeEvent(encodeEvent(event));
    expect(parsed).toEqual({ ok: true, event });
  });

  it('rejects unknown types, unsupported versions, bad data and non-JSON with a reason', () => {
    const event = createEvent('incident.declared', { incident }, { actor });
    expect(parseEvent({ ...event, type: 'incident.exploded' })).toEqual({ ok: false, error: 'unknown event type "incident.exploded"' });
    expect(parseEvent({ ...event, schemaVersion: 9 })).toMatchObject({ ok: false, error: expect.stringContaining('unsupported schemaVersion 9') });
    expect(parseEvent({ ...event, data: { incident: { ...incident, title: '' } } })).toMatchObject({ ok: false, error: expect.stringContaining('incident.title') });
    expect(parseEvent({ ...event, id: 'not-a-uuid' })).toMatchObject({ ok: false, error: expect.stringContaining('id:') });
    expect(decodeEvent(Buffer.from('{oops'))).toMatchObject({ ok: false, error: expect.stringContaining('not JSON') });
  });

  it('names subjects from event types in one place', () => {
    expect(eventSubject('incident.declared')).toBe('events.incident.declared');
    expect(deadLetterSubject('comms-incident-intake')).toBe('dlq.comms-incident-intake');
    expect(subjectFilters.incidentEvents).toBe('events.incident.>');
  });
});
