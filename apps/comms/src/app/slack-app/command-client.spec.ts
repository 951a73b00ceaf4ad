import { incidentStateSchema, personLookupResultSchema } from '@sitrep/contracts';
import { BusCommandClient, QueryReplyMismatch, RequestReply } from './command-client';

/** A bus that answers every request with the given reply (or fails as a timeout does). */
const answering = (reply: unknown | Error): RequestReply & { subjects: string[] } => {
  const subjects: string[] = [];
  return {
    subjects,
    async request(subject) {
      subjects.push(subject);
      if (reply instanceof Error) throw reply;
      return new TextEncoder().encode(JSON.stringify(reply));
    },
  };
};

const person = { id: '5d9a4a43-3a57-4a4a-9a4b-2f7e0c1c0a11', name: 'Carol Comms', email: 'carol@example.test', slackUserId: null, roles: ['comms_lead'], rights: ['responder', 'comms_lead'] };

describe("comms reading incident-core's query replies with the contracts' schemas", () => {
  it('returns the result parsed with the schema of libs/contracts', async () => {
    const bus = answering({ ok: true, result: { person } });
    const client = new BusCommandClient(bus, 'no answer');
    expect(await client.query('person_by_id', { personId: person.id }, personLookupResultSchema)).toEqual({ person });
    expect(bus.subjects).toEqual(['queries.person_by_id']);
  });

  it('fails loudly, naming the field, when the answer has drifted from the contract', async () => {
    const { rights: _dropped, ...older } = person;
    const client = new BusCommandClient(answering({ ok: true, result: { person: older } }), 'no answer');
    const failure = client.query('person_by_id', { personId: person.id }, personLookupResultSchema);
    await expect(failure).rejects.toBeInstanceOf(QueryReplyMismatch);
    await expect(failure).rejects.toThrow(/queries\.person_by_id .*person\.rights: Required/);
    const state = new BusCommandClient(answering({ ok: true, result: { reference: 'INC-0001', title: 'x', severity: 'P9' } }), 'no answer');
    await expect(state.query('incident_state', { incidentId: person.id }, incidentStateSchema)).rejects.toThrow(/severity/);
  });

  it('answers null when incident-core refuses or does not answer', async () => {
    expect(await new BusCommandClient(answering({ ok: false, status: 404, message: 'no incident' }), 'x').query('incident_state', {}, incidentStateSchema)).toBeNull();
    expect(await new BusCommandClient(answering(new Error('timeout')), 'x').query('incident_state', {}, incidentStateSchema)).toBeNull();
  });
});
