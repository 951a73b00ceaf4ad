import { CommandReply, IncidentStateSummary, commandSubject, createEvent, querySubject } from '@sitrep/contracts';
import { publishEvent, waitFor } from '@sitrep/testing';
import { InProcessCore } from '../../testing/in-process-core';

const start = new Date('2026-11-26T09:00:00.000Z');

describe("comms' word on notices it had nobody to send to", () => {
  const core = new InProcessCore(start);
  let alice: { id: string; token: string };

  beforeAll(async () => {
    await core.setUp();
    // An on-call commander and no on-call executive: a P1 declared now has nobody to sponsor it.
    alice = await core.person('Alice Okoro', ['incident_commander'], 'responder', true);
  });

  afterAll(async () => {
    await core.tearDown();
  });

  const ask = async <T>(subject: string, body: unknown): Promise<CommandReply & { result?: T }> => JSON.parse(Buffer.from(await core.bus.request(subject, Buffer.from(JSON.stringify(body)), 5_000)).toString('utf8'));

  it('puts "executive summary not sent: no executive sponsor…" on the timeline of a P1 nobody sponsors', async () => {
    const declared = await ask<{ id: string }>(commandSubject('declare'), { actor: { personId: alice.id, via: 'slack' }, input: { title: 'Checkout down', severity: 'P1' } });
    const incidentId = declared.result!.id;
    // What comms asks when it has not heard of a sponsor: incident-core says there is none.
    const state = await ask<IncidentStateSummary>(querySubject('incident_state'), { incidentId });
    expect(state.result!.roles.find((r) => r.role === 'executive_sponsor')?.person).toBeNull();

    const notSent = createEvent(
      'war_room.notice_not_sent',
      { sourceEventId: '3f0c1a52-52e4-4b8e-9c1e-4a1f4d1f0a01', notice: 'executive summary', reason: 'no executive sponsor to send the summary to', at: '2026-11-26T10:00:00.000Z' },
      { actor: { kind: 'system', id: 'comms' }, incidentId, occurredAt: new Date('2026-11-26T10:00:00.000Z') },
    );
    await publishEvent(core.bus, notSent);
    await publishEvent(core.bus, notSent);
    const lines = await waitFor(
      async () => {
        const timeline = (await core.call<{ timeline: { kind: string; text: string }[] }>('GET', `/api/v1/incidents/${incidentId}/timeline`, alice.token)).body.timeline;
        const found = timeline.filter((l) => l.kind === 'notice_not_sent');
        return found.length > 0 ? found : undefined;
      },
      { what: 'the notice_not_sent line' },
    );
    // Once, however often the event is delivered.
    expect(lines.map((l) => l.text)).toEqual(['executive summary not sent: no executive sponsor to send the summary to']);
  });
});
