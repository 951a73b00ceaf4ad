import { randomUUID } from 'node:crypto';
import { DeadlineView, EventData, EventType, createEvent } from '@sitrep/contracts';
import { publishedCommunication, waitFor } from '@sitrep/testing';
import { CommsWithFakes } from '../../testing/comms-with-fakes';

const core = { actor: { kind: 'system' as const, id: 'incident-core' } };

describe('the Slack war room and internal notices', () => {
  const comms = new CommsWithFakes();
  const incidentId = randomUUID();
  const alice = { id: randomUUID(), slack: '' };
  const bob = { id: randomUUID(), slack: '' };
  const declaredAt = '2026-11-26T14:02:00.000Z';
  const emit = <T extends EventType>(type: T, data: EventData<T>, withIncident = true) => comms.publish(createEvent(type, data, { ...core, incidentId: withIncident ? incidentId : null }));
  let channelId = '';

  beforeAll(async () => {
    await comms.setUp();
    // Alice's Slack id is on the roster; Bob's is found by his email.
    alice.slack = comms.slack.addUser('alice@example.test', 'alice').id;
    bob.slack = comms.slack.addUser('bob@example.test', 'bob').id;
    // Someone already has the natural name.
    comms.slack.addChannel('incident-20261126-payment-processing-outage');
    await emit('person.registered', { person: { id: alice.id, name: 'Alice Commander', email: 'alice@example.test', phone: '+14155550142', slackUserId: alice.slack, onCall: true, roles: ['incident_commander'] } }, false);
    await emit('person.registered', { person: { id: bob.id, name: 'Bob Engineer', email: 'bob@example.test', phone: null, slackUserId: null, onCall: true, roles: ['engineer'] } }, false);
  });

  afterAll(async () => {
    await comms.tearDown();
  });

  it('opens incident-YYYYMMDD-<slug> (suffixed when taken), pins the rules and the incident card', async () => {
    comms.slack.rateLimitNext(1, 1, 'chat.postMessage');
    await emit('incident.declared', {
      incident: { id: incidentId, reference: 'INC-0042', title: 'Payment Processing Outage!', severity: 'P1', status: 'declared', summary: null, componentIds: [], declaredAt, trigger: 'manual', commanderId: alice.id },
    });
    const channel = await waitFor(() => comms.slack.channelByName('incident-20261126-payment-processing-outage-2'), { what: 'the war room channel' });
    channelId = channel.id;
    await waitFor(() => channel.pins.size === 2, { what: 'rules and card pinned', timeoutMs: 15_000 });
    const [rules, card] = comms.slack.messagesIn(channelId);
    expect(rules.text).toContain('*Updates only in this channel.* No debugging here');
    expect(card.text).toContain('*INC-0042: Payment Processing Outage!*');
    expect([...channel.pins]).toEqual([rules.ts, card.ts]);
    expect(comms.slack.calls('conversations.create').map((c) => c.name)).toEqual(['incident-20261126-payment-processing-outage', 'incident-20261126-payment-processing-outage-2']);
    // The 429 was honoured: the rules went out after Retry-After, and were posted once.
    const posts = comms.slack.requests.filter((r) => r.path === '/api/chat.postMessage');
    expect(posts[1].receivedAt.getTime() - posts[0].receivedAt.getTime()).toBeGreaterThanOrEqual(950);
    expect(posts[0].headers.authorization).toBe(`Bearer ${comms.slack.botToken}`);
  });

  it('invites role holders, posts role changes, and pages the commander by Slack DM and SMS', async () => {
    await emit('incident.role_assigned', { role: 'commander', personId: alice.id, previousPersonId: null });
    await emit('incident.role_assigned', { role: 'engineering_lead', personId: bob.id, previousPersonId: null });
    const channel = comms.slack.channels.get(channelId)!;
    await waitFor(() => channel.members.has(alice.slack) && channel.members.has(bob.slack), { what: 'both invited' });
    await waitFor(() => comms.slack.messagesIn(channelId).some((m) => m.text.includes('*Bob Engineer* is Engineering Lead')), { what: 'the role post' });
    expect(comms.slack.messagesIn(channelId).map((m) => m.text)).toContain(':bust_in_silhouette: *Alice Commander* is Incident Commander.');
    await waitFor(() => comms.slack.directMessagesTo(alice.slack).length === 1, { what: 'the DM to the commander' });
    // Every message to a person ends with the incident and its war room.
    expect(comms.slack.directMessagesTo(alice.slack)[0].text).toBe(
      `Sitrep: you are Incident Commander for INC-0042 "Payment Processing Outage!". The war room is open in Slack.\n_INC-0042: Payment Processing Outage!_ · war room <#${channelId}|incident-20261126-payment-processing-outage-2>`,
    );
    await waitFor(() => comms.twilio.to('+14155550142').length === 1, { what: 'the SMS page' });
    expect(comms.twilio.to('+14155550142')[0].body).toBe(
      'Sitrep: you are Incident Commander for INC-0042 "Payment Processing Outage!". The war room is open in Slack. [INC-0042 "Payment Processing Outage!" war room #incident-20261126-payment-processing-outage-2]',
    );
    expect(comms.slack.calls('users.lookupByEmail')).toEqual([{ email: 'bob@example.test' }]);
  });

  it('posts reminders in the war room and to the clock owner, and every published update', async () => {
    const deadline: DeadlineView = { id: randomUUID(), incidentId, kind: 'first_customer_notice', ownerRole: 'commander', ownerPersonId: alice.id, dueAt: '2026-11-26T14:32:00.000Z', state: 'pending', metAt: null };
    await emit('deadline.due_soon', { deadline });
    await emit('communication.published', publishedCommunication(['slack'], { over: { body: 'We are investigating.' } }).data);
    await emit('incident.escalated', { path: 'engineering', level: 1, contactRole: 'engineering_vp', personId: null, reason: 'unresolved after 2 hours' });
    for (const prefix of [':arrow_up:', ':mega:', ':alarm_clock:']) {
      await waitFor(() => comms.slack.messagesIn(channelId).some((m) => m.text.startsWith(prefix)), { what: `the ${prefix} post` });
    }
    const texts = comms.slack.messagesIn(channelId).map((m) => m.text);
    expect(texts).toContain(':alarm_clock: First customer notice due at 2026-11-26 14:32 UTC (owner: Alice Commander).');
    expect(texts).toContain(':mega: Published to customers (INC-0042): *[investigating] Card payments failing*\nWe are investigating.');
    expect(texts).toContain(':arrow_up: Escalated on the engineering path to the Engineering VP: unresolved after 2 hours');
    await waitFor(() => comms.slack.directMessagesTo(alice.slack).length === 2, { what: 'the reminder DM' });
    expect(comms.slack.directMessagesTo(alice.slack)[1].text).toContain(':alarm_clock: First customer notice due at 2026-11-26 14:32 UTC (owner: Alice Commander).\n_INC-0042: Payment Processing Outage!_');
    // Each event once, however often delivered: nothing was posted twice.
    expect(new Set(texts).size).toBe(texts.length);
  });
  it('posts a possible recurrence in the war room and to the commander, with how to reopen; ordinary signals stay quiet', async () => {
    const before = comms.slack.messagesIn(channelId).length;
    await emit('incident.signal_recorded', { healthy: true, source: 'alertmanager "Prometheus prod"', possibleRecurrence: false });
    await emit('incident.signal_recorded', { healthy: false, source: 'alertmanager "Prometheus prod"', possibleRecurrence: true });
    const post = await waitFor(() => comms.slack.messagesIn(channelId).find((m) => m.text.includes('Possible recurrence')), { what: 'the recurrence post' });
    expect(post.text).toBe(
      ':rotating_light: *Possible recurrence of INC-0042*: alertmanager "Prometheus prod" reports unhealthy during the recovery watch.\n' +
        'Incident Commander: if this is the same problem, reopen the incident with the button below or `/incident reopen [why]` here (or `POST /api/v1/incidents/:id/reopen`); otherwise note why it is not.',
    );
    // The button reopens as whoever clicks it: the incident and the source travel in its value.
    expect(JSON.stringify(post.blocks)).toContain('"action_id":"recurrence_reopen"');
    // The DM ends with the incident it is about.
    await waitFor(() => comms.slack.directMessagesTo(alice.slack).some((m) => m.text === `${post.text}\n_INC-0042: Payment Processing Outage!_ · war room <#${channelId}|incident-20261126-payment-processing-outage-2>`), {
      what: 'the recurrence DM to the commander',
    });
    expect(comms.slack.messagesIn(channelId).length).toBe(before + 1);
  });

  it('records a renamed and an archived war room from Slack events, each event once however often it is retried', async () => {
    comms.slack.appUrl = comms.url;
    const roomName = async () => (await comms.sql.query(`SELECT channel_name, archived_at FROM comms.war_rooms WHERE incident_id = $1`, [incidentId])).rows[0];
    const renamed = await comms.slack.sendEvent({ type: 'channel_rename', channel: { id: channelId, name: 'inc-42-payments', created: 1 } });
    expect(renamed.status).toBe(200);
    await waitFor(async () => (await roomName()).channel_name === 'inc-42-payments', { what: 'the new name recorded' });
    expect((await comms.slack.sendEvent({ type: 'channel_rename', channel: { id: channelId, name: 'inc-42-payments-eu', created: 1 } })).status).toBe(200);
    await waitFor(async () => (await roomName()).channel_name === 'inc-42-payments-eu', { what: 'the second name recorded' });
    // Slack's retry of the first rename arrives late: acknowledged, and not applied again.
    expect((await comms.slack.sendEvent({ type: 'channel_rename' }, { envelope: renamed.envelope, retryNum: 1 })).status).toBe(200);
    await new Promise((ok) => setTimeout(ok, 500));
    expect((await roomName()).channel_name).toBe('inc-42-payments-eu');

    // Archived: a post to the war room is cancelled, saying why, instead of failing against Slack.
    expect((await comms.slack.sendEvent({ type: 'channel_archive', channel: channelId, user: alice.slack })).status).toBe(200);
    await waitFor(async () => (await roomName()).archived_at !== null, { what: 'the archive recorded' });
    const before = comms.slack.messagesIn(channelId).length;
    const escalated = createEvent('incident.escalated', { path: 'engineering', level: 2, contactRole: 'cto', personId: null, reason: 'unresolved after 3 h' }, { ...core, incidentId });
    await comms.publish(escalated);
    const post = await waitFor(
      async () => (await comms.sql.query(`SELECT state, last_error FROM comms.deliveries WHERE dedupe_key = $1 AND state NOT IN ('pending', 'sending')`, [`${escalated.id}:post`])).rows[0],
      { what: 'the post to the archived war room settled' },
    );
    expect(post).toEqual({ state: 'cancelled', last_error: 'the war room is archived in Slack' });
    expect(comms.slack.messagesIn(channelId).length).toBe(before);
    // So is an invitation to it (a new role holder), without a call to Slack.
    const invitesBefore = comms.slack.calls('conversations.invite').length;
    const assigned = createEvent('incident.role_assigned', { role: 'comms_lead', personId: bob.id, previousPersonId: null }, { ...core, incidentId });
    await comms.publish(assigned);
    const invite = await waitFor(
      async () => (await comms.sql.query(`SELECT state, last_error FROM comms.deliveries WHERE dedupe_key = $1 AND state NOT IN ('pending', 'sending')`, [`${assigned.id}:invite`])).rows[0],
      { what: 'the invitation to the archived war room settled' },
    );
    expect(invite).toEqual({ state: 'cancelled', last_error: 'the war room is archived in Slack' });
    expect(comms.slack.calls('conversations.invite').length).toBe(invitesBefore);
    // A bad signature on the Events API is refused like any other Slack request.
    expect((await comms.slack.signedPost('/slack/events', JSON.stringify(renamed.envelope), { contentType: 'application/json', signature: 'v0=bad' })).status).toBe(401);
  });
});
