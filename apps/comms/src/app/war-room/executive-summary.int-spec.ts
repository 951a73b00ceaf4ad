import { randomUUID } from 'node:crypto';
import { connect } from 'nats';
import { DeadlineView, EventData, EventType, IncidentStateSummary, SitrepEvent, createEvent, incidentRoleSchema } from '@sitrep/contracts';
import { defaultRetryPolicy } from '@sitrep/messaging';
import type { Responder } from '@sitrep/messaging';
import { TEST_NATS_URL, waitFor } from '@sitrep/testing';
import { CommsWithFakes } from '../../testing/comms-with-fakes';
import { EXECUTIVE_SUMMARIES } from './executive-summary.handler';

const core = { actor: { kind: 'system' as const, id: 'incident-core' } };

describe('executive summaries for an incident whose roles comms has not heard of', () => {
  // A short stand-in for the consumers' wait on incident-core (minutes in production): 30 deliveries, 100-250 ms apart.
  const comms = new CommsWithFakes({ INCIDENT_CORE_RETRY_BACKOFF_MS: '100,250', INCIDENT_CORE_RETRY_MAX_DELIVERIES: '30' });
  const dana = { id: randomUUID(), name: 'Dana Executive', email: 'dana@example.test' };
  /** Who incident-core says sponsors each incident; an incident missing here is one it does not answer for. */
  const sponsors = new Map<string, string | null>();
  let incidentCore: Responder;

  const emit = <T extends EventType>(type: T, data: EventData<T>, incidentId: string | null) => {
    const event = createEvent(type, data, { ...core, incidentId });
    return comms.publish(event).then(() => event as SitrepEvent);
  };
  const declare = (incidentId: string, reference: string) =>
    emit(
      'incident.declared',
      { incident: { id: incidentId, reference, title: 'Checkout down', severity: 'P1', status: 'declared', summary: null, componentIds: [], declaredAt: new Date().toISOString(), trigger: 'manual', commanderId: null } },
      incidentId,
    );
  const executiveClockMissed = (incidentId: string) => {
    const deadline: DeadlineView = { id: randomUUID(), incidentId, kind: 'executive_update', ownerRole: 'commander', ownerPersonId: null, dueAt: new Date().toISOString(), state: 'breached', metAt: null };
    return emit('deadline.breached', { deadline }, incidentId);
  };
  const handled = async (event: SitrepEvent) => (await comms.query(`SELECT 1 FROM comms.inbox WHERE consumer = $1 AND event_id = $2`, [EXECUTIVE_SUMMARIES, event.id])).length === 1;
  const deadLetters = async () => (await comms.bus.readDeadLetters(100)).map((d) => JSON.parse(Buffer.from(d.data).toString('utf8')) as SitrepEvent);

  /** How many times the broker has handed the executive-summary consumer a message so far. */
  const summaryDeliveries = async () => {
    const nc = await connect({ servers: TEST_NATS_URL });
    try {
      const stream = `${comms.namespace.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_EVENTS`;
      return (await (await nc.jetstreamManager()).consumers.info(stream, EXECUTIVE_SUMMARIES)).delivered.consumer_seq;
    } finally {
      await nc.close();
    }
  };

  // incident-core's queries.incident_state, as much of it as the question needs.
  const serveIncidentCore = () =>
    comms.bus.serve('queries.incident_state', async (data) => {
      const { incidentId } = JSON.parse(Buffer.from(data).toString('utf8')) as { incidentId: string };
      if (!sponsors.has(incidentId)) return Buffer.from(JSON.stringify({ ok: false, status: 404, message: `no incident with id ${incidentId}` }));
      const sponsor = sponsors.get(incidentId) ?? null;
      const state: IncidentStateSummary = {
        id: incidentId,
        reference: 'INC-0100',
        title: 'Checkout down',
        severity: 'P1',
        status: 'investigating',
        declaredAt: new Date().toISOString(),
        roles: incidentRoleSchema.options.map((role) => ({ role, label: role, person: role === 'executive_sponsor' && sponsor ? { id: sponsor, name: dana.name, slackUserId: null } : null })),
        implementers: [],
        clocks: [],
        nextStep: null,
      };
      return Buffer.from(JSON.stringify({ ok: true, result: state }));
    });

  beforeAll(async () => {
    await comms.setUp();
    incidentCore = await serveIncidentCore();
    await emit('person.registered', { person: { id: dana.id, name: dana.name, email: dana.email, phone: null, slackUserId: null, onCall: true, roles: ['executive'] } }, null);
  });

  afterAll(async () => {
    await incidentCore?.stop();
    await comms.tearDown();
  });

  it('records that a P1 with no executive sponsor had nobody to send the summary to, and leaves nothing in dead letters', async () => {
    const incidentId = randomUUID();
    sponsors.set(incidentId, null);
    await declare(incidentId, 'INC-0100');
    const missed = await executiveClockMissed(incidentId);
    await waitFor(() => handled(missed), { what: 'the missed executive clock handled' });
    const [notSent] = await comms.query<{ event: SitrepEvent }>(`SELECT event FROM comms.outbox WHERE event->>'type' = 'war_room.notice_not_sent' AND event->>'incidentId' = $1`, [incidentId]);
    expect(notSent.event.data).toEqual({ sourceEventId: missed.id, notice: 'executive summary', reason: 'no executive sponsor to send the summary to', at: expect.any(String) });
    expect(await comms.query(`SELECT 1 FROM comms.deliveries WHERE incident_id = $1 AND notice = 'executive summary'`, [incidentId])).toEqual([]);
    expect((await deadLetters()).filter((e) => e.id === missed.id)).toEqual([]);
  });

  it("sends the summary to the sponsor incident-core names when comms' own copy of the roles has not arrived", async () => {
    const incidentId = randomUUID();
    sponsors.set(incidentId, dana.id);
    await declare(incidentId, 'INC-0101');
    const missed = await executiveClockMissed(incidentId);
    const mail = await waitFor(() => comms.smtp.to(dana.email)[0], { what: 'the summary emailed to the sponsor' });
    expect(mail.subject).toContain('INC-0101');
    expect(await handled(missed)).toBe(true);
    expect(await comms.query(`SELECT 1 FROM comms.outbox WHERE event->>'type' = 'war_room.notice_not_sent' AND event->>'incidentId' = $1`, [incidentId])).toEqual([]);
  });

  it('keeps trying while incident-core is away for more deliveries than the default policy allows, then sends the summary once', async () => {
    const incidentId = randomUUID();
    sponsors.set(incidentId, dana.id);
    await declare(incidentId, 'INC-0102');
    // incident-core restarting: nobody serves queries.incident_state.
    await incidentCore.stop();
    const before = await summaryDeliveries();
    const missed = await executiveClockMissed(incidentId);
    // The apps' default policy would have filed its dead letter at the fifth delivery.
    await waitFor(async () => (await summaryDeliveries()) - before > defaultRetryPolicy.maxDeliveries + 1, { what: 'more deliveries than the default policy makes', timeoutMs: 20_000, intervalMs: 100 });
    expect(await handled(missed)).toBe(false);
    expect((await deadLetters()).filter((e) => e.id === missed.id)).toEqual([]);

    incidentCore = await serveIncidentCore();
    await waitFor(() => comms.smtp.to(dana.email).find((m) => m.subject.includes('INC-0102')), { what: 'the summary emailed to the sponsor once incident-core answers' });
    expect(await handled(missed)).toBe(true);
    const summaries = await comms.query<{ channel: string; n: number }>(`SELECT channel, count(*)::int AS n FROM comms.deliveries WHERE incident_id = $1 AND notice = 'executive summary' GROUP BY 1 ORDER BY 1`, [incidentId]);
    expect(summaries.find((r) => r.channel === 'email')).toEqual({ channel: 'email', n: 1 });
    expect(summaries.filter((r) => r.n !== 1)).toEqual([]);
    expect(comms.smtp.to(dana.email).filter((m) => m.subject.includes('INC-0102'))).toHaveLength(1);
    expect((await deadLetters()).filter((e) => e.id === missed.id)).toEqual([]);
  });
});
