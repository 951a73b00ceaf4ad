import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JetStreamManager, connect } from 'nats';
import { META, Topology } from '@sitrep/cluster';
import { decodeEvent } from '@sitrep/contracts';
import { waitFor } from '@sitrep/testing';
import { api } from '../support/api';

jest.setTimeout(900_000);

const ADMIN_TOKEN = 'cluster-test-admin-token-0123456789';
const SUBSCRIBERS = 20_000;
const EVENTS_STREAM = 'SITREP_EVENTS';
const DEAD_LETTER_STREAM = 'SITREP_DEAD_LETTERS';
/** The status page's documents that both replicas must serve byte for byte. */
const PAGES = ['/', '/api/v2/summary.json', '/api/v2/incidents.json', '/history'];

const email = (i: number) => `subscriber${i}@cluster.example`;
const phone = (i: number) => `+447700${String(i).padStart(6, '0')}`;

interface ClockRow {
  warned_at: Date | null;
  due_fired_at: Date | null;
  due_at: Date;
  breach_at: Date | null;
}

/**
 * The events a stage a clock has reached must have put on the stream (incident-core's stagesToFire):
 * a warning only when it came before the due time (one that fell due first records the warning silently),
 * no "due" for a clock breached the moment it falls due (announced once, as missed).
 */
function eventsExpected(clock: ClockRow, stage: 'due_soon' | 'due' | 'breached'): number {
  if (stage === 'due_soon') return clock.warned_at && clock.warned_at.getTime() < clock.due_at.getTime() ? 1 : 0;
  if (stage === 'due') return clock.breach_at && clock.breach_at.getTime() <= clock.due_at.getTime() ? 0 : 1;
  return 1;
}

interface Step {
  at: number;
  what: string;
  delivered: number;
}

/**
 * docker/compose.yaml's topology as processes (tools/cluster): PostgreSQL of its own, three nats-server
 * processes forming a JetStream cluster with three-replica streams, two incident-core, two comms and two
 * status-page processes behind their public URLs. A P1 goes out to 20,000 subscribers by email and SMS,
 * and during the fan-out: kill -9 of the NATS node leading the event stream, kill -9 of one comms and of one
 * incident-core, a restart of PostgreSQL; the killed processes come back as compose's restart policy would
 * bring them. Once the NATS node is back and current, kill -9 of the node then leading a stream whose leader
 * has not moved yet (the dead-letter stream, as a rule), so every stream is led by another node at least once.
 * Clocks on a policy of seconds fire all along.
 */
describe('the deployed topology through faults during a P1 fan-out', () => {
  let topology: Topology;
  let jsm: JetStreamManager;
  let closeNats: () => Promise<void>;
  let passed = false;
  let startedIn = '';
  const started = Date.now();
  const seconds = () => ((Date.now() - started) / 1000).toFixed(1);
  const log = (line: string) => process.stderr.write(`cluster test ${seconds().padStart(6)} s  ${line}\n`);

  beforeAll(async () => {
    topology = await Topology.create({
      adminToken: ADMIN_TOKEN,
      recordMessages: false,
      // People on call: the P1 gets a commander and an executive sponsor, who are paged and sent summaries.
      rosterFile: join(__dirname, '..', '..', 'docs', 'examples', 'roster.yaml'),
      progress: (line) => log(`start: ${line}`),
      appEnv: {
        SITREP_POLICY_FILE: join(__dirname, '..', 'fixtures', 'policy-seconds.yaml'),
        DEADLINE_POLL_MS: '200',
        // A killed comms' claimed rows come back after the lease: 10 s instead of a minute keeps the test short.
        DELIVERY_LEASE_MS: '10000',
        DELIVERY_POLL_MS: '200',
      },
    });
    await topology.start();
    startedIn = seconds();
    const nc = await connect({ servers: topology.nats.servers.split(','), maxReconnectAttempts: -1, reconnectTimeWait: 250 });
    jsm = await nc.jetstreamManager();
    closeNats = () => nc.close();
  });

  afterAll(async () => {
    // After a failed run, every process's output tail is kept for reading (the directory is printed).
    if (!passed && topology) {
      const logs = join(tmpdir(), `sitrep-cluster-test-logs-${process.pid}`);
      topology.keepLogs(logs);
      log(`process output kept in ${logs}`);
    }
    await closeNats?.();
    await topology?.stop();
  });

  it('tells every subscriber once by email and once by SMS, fires every clock once, and both status pages agree', async () => {
    const streams = await Promise.all([EVENTS_STREAM, DEAD_LETTER_STREAM].map((s) => jsm.streams.info(s)));
    for (const info of streams) expect(info.config.num_replicas).toBe(3);

    const core = api(topology.urls.core, ADMIN_TOKEN);
    const comms = api(topology.urls.comms, ADMIN_TOKEN);
    const component = await core.post<{ id: string }>('/api/v1/components', { name: 'Payments API' });
    expect(component.status).toBe(201);
    await topology.postgres.query(
      'sitrep',
      `INSERT INTO comms.subscribers (channel, destination, state, all_components, requested_all_components, confirmed_at)
       SELECT 'email', 'subscriber' || g || '@cluster.example', 'confirmed', true, true, now() FROM generate_series(1, ${SUBSCRIBERS}) AS g
       UNION ALL
       SELECT 'sms', '+447700' || lpad(g::text, 6, '0'), 'confirmed', true, true, now() FROM generate_series(1, ${SUBSCRIBERS}) AS g`,
    );

    const declared = await core.post<{ id: string; reference: string }>('/api/v1/incidents', { title: 'Card payments failing', severity: 'P1', summary: 'Card payments fail', componentIds: [component.body.id] });
    expect(declared.status).toBe(201);
    const incidentId = declared.body.id;
    log(`${declared.body.reference} declared`);
    const draft = await waitFor(async () => {
      const { body } = await comms.get<{ communications: { id: string; incidentId: string; kind: string }[] }>('/api/v1/approvals');
      return body.communications.find((c) => c.incidentId === incidentId && c.kind === 'initial');
    }, { what: 'the auto-drafted first notice', timeoutMs: 60_000 });
    const approved = await comms.post<{ state: string }>(`/api/v1/approvals/${draft.id}/approve`, {});
    expect(approved.status).toBe(200);
    const fanoutStarted = Date.now();
    log('first notice approved: the fan-out of 20,000 emails and 20,000 texts begins');

    // The fault schedule, each step once the fan-out has got this far (deliveries the fakes accepted).
    const total = 2 * SUBSCRIBERS;
    const delivered = () => topology.fakes.smtp.accepted + topology.fakes.twilio.requestCount;
    const schedule: Step[] = [];
    const fault = async (fraction: number, what: string, act: () => Promise<string | void>) => {
      await waitFor(() => delivered() >= fraction * total, { what: `${fraction * 100}% of the fan-out before: ${what}`, timeoutMs: 300_000, intervalMs: 100 });
      const at = delivered();
      const detail = await act();
      const step = { at: Date.now() - fanoutStarted, what: detail ? `${what} (${detail})` : what, delivered: at };
      schedule.push(step);
      log(`fault: ${step.what} at ${at} of ${total} delivered`);
    };
    // Each stream's (and the meta group's) leaders in turn, noted once every group has one after a step.
    const leaderHistory = new Map<string, string[]>();
    const noteLeaders = async () => {
      const leaders = await waitFor(async () => {
        const now = await topology.nats.leaders();
        return Object.values(now).every(Boolean) ? now : undefined;
      }, { what: 'every stream and the meta group to have a leader', timeoutMs: 60_000, intervalMs: 250 });
      for (const [group, leader] of Object.entries(leaders)) {
        const seen = leaderHistory.get(group) ?? [];
        if (seen[seen.length - 1] !== leader) leaderHistory.set(group, [...seen, leader]);
      }
      return leaders;
    };
    await noteLeaders();
    // The elections after a kill take seconds; noted meanwhile, so the schedule's next steps keep their places.
    let electing: Promise<unknown> = Promise.resolve();
    const noteElection = () => {
      electing = noteLeaders();
      electing.catch(() => undefined);
    };
    let natsVictim = '';
    await fault(0.1, 'kill -9 the NATS node leading the event stream', async () => {
      const leader = await topology.nats.streamLeader(EVENTS_STREAM);
      natsVictim = leader.name;
      await topology.nats.kill(leader.name);
      noteElection();
      return leader.name;
    });
    await fault(0.25, 'kill -9 comms-1', () => topology.kill('comms-1'));
    await fault(0.35, 'kill -9 incident-core-1', () => topology.kill('incident-core-1'));
    await fault(0.45, 'restart PostgreSQL (pg_ctl restart -m fast)', () => topology.postgres.restart());
    await fault(0.55, 'restart the killed NATS node', async () => {
      await electing;
      await topology.nats.restart(natsVictim);
      await noteLeaders();
      return `${natsVictim}; the event stream is now led by ${(await topology.nats.streamLeader(EVENTS_STREAM)).name}`;
    });
    await fault(0.6, 'restart comms-1 and incident-core-1', async () => {
      await Promise.all([topology.restart('comms-1'), topology.restart('incident-core-1')]);
    });
    let secondVictim = '';
    await fault(0.65, 'kill -9 the NATS node leading a stream whose leader has not moved yet', async () => {
      // The node back from the first kill must hold current replicas, or this kill would cost a quorum.
      await topology.nats.streamsCurrent();
      const leaders = await noteLeaders();
      const streams = Object.keys(leaders).filter((group) => group !== META);
      const unmoved = streams.filter((stream) => (leaderHistory.get(stream) ?? []).length < 2);
      const target = unmoved.includes(DEAD_LETTER_STREAM) ? DEAD_LETTER_STREAM : unmoved[0];
      // Every stream already moved (the first victim led them all): the meta leader's node instead.
      secondVictim = target ? leaders[target] : leaders[META];
      await topology.nats.kill(secondVictim);
      noteElection();
      return `${secondVictim}, leader of ${target ?? 'the meta group'}`;
    });
    await fault(0.8, 'restart the second killed NATS node', async () => {
      await electing;
      await topology.nats.restart(secondVictim);
      await noteLeaders();
      return secondVictim;
    });

    // Every delivery row sent; nothing pending, failed or stuck.
    await waitFor(async () => {
      const [row] = await topology.postgres.query<{ sent: number; total: number }>(
        'sitrep',
        `SELECT count(*) FILTER (WHERE state = 'sent')::int AS sent, count(*)::int AS total FROM comms.deliveries WHERE purpose = 'notification' AND channel IN ('email', 'sms')`,
      );
      return row.sent === total && row.total === total;
    }, { what: 'every notification delivery marked sent', timeoutMs: 600_000, intervalMs: 1_000 });
    const fanoutSeconds = (Date.now() - fanoutStarted) / 1000;
    const states = await topology.postgres.query<{ channel: string; state: string; n: number }>('sitrep', `SELECT channel, state, count(*)::int AS n FROM comms.deliveries GROUP BY 1, 2 ORDER BY 1, 2`);
    log(`fan-out complete in ${fanoutSeconds.toFixed(1)} s: ${states.map((s) => `${s.channel} ${s.state} ${s.n}`).join(', ')}`);

    // After the faults, events still flow both ways through the cluster's new stream leader: incident-core
    // to comms, and comms to both status pages (checked below with the bytes).
    const moved = await core.post(`/api/v1/incidents/${incidentId}/status`, { status: 'investigating' });
    expect(moved.status).toBe(200);
    // comms' API does not show the lifecycle status it follows; its table does.
    await waitFor(async () => {
      const [row] = await topology.postgres.query<{ status: string }>('sitrep', 'SELECT status FROM comms.known_incidents WHERE id = $1', [incidentId]);
      return row?.status === 'investigating';
    }, { what: 'comms to hear the status change made after the faults', timeoutMs: 60_000 });
    const update = await comms.post<{ id: string }>('/api/v1/communications', { incidentId, title: 'Card payments: fix being deployed', status: 'identified', body: 'We found the cause and are deploying a fix.', components: [], channels: ['status_page'] });
    expect(update.status).toBe(201);
    expect((await comms.post(`/api/v1/approvals/${update.body.id}/approve`, {})).status).toBe(200);
    log('after the faults: a status change heard by comms, an update approved for the status page');

    // Exactly one email (by Message-ID, as a mailbox collapses a resend) and one SMS per subscriber.
    const { smtp, twilio } = topology.fakes;
    const emailNotOnce: string[] = [];
    const smsNotOnce: string[] = [];
    let emailResends = 0;
    for (let i = 1; i <= SUBSCRIBERS; i++) {
      const ids = smtp.messageIdsPerRecipient.get(email(i))?.size ?? 0;
      if (ids !== 1) emailNotOnce.push(`${email(i)}: ${ids}`);
      emailResends += Math.max(0, (smtp.perRecipient.get(email(i)) ?? 0) - 1);
      const texts = twilio.perRecipient.get(phone(i)) ?? 0;
      if (texts !== 1) smsNotOnce.push(`${phone(i)}: ${texts}`);
    }

    // Nothing given up on, including the war room's Slack posts and the people's pages and summaries.
    const failed = await topology.postgres.query<{ channel: string; notice: string | null; last_error: string; n: number }>(
      'sitrep',
      `SELECT channel, notice, last_error, count(*)::int AS n FROM comms.deliveries WHERE state = 'failed' GROUP BY 1, 2, 3 ORDER BY 4 DESC`,
    );

    // Dead letters: none, on the stream itself.
    const deadLetters = (await jsm.streams.info(DEAD_LETTER_STREAM)).state.messages;

    // Clocks: every stage a clock reached is on the event stream exactly once, and no clock that came due was missed.
    await waitFor(async () => {
      const [row] = await topology.postgres.query<{ n: number }>('sitrep', 'SELECT count(*)::int AS n FROM core.outbox WHERE published_at IS NULL');
      return row.n === 0;
    }, { what: 'the outbox to be empty', timeoutMs: 60_000 });
    const checkedAt = new Date();
    const clocks = await topology.postgres.query<{ id: string; kind: string; warned_at: Date | null; due_fired_at: Date | null; breached_at: Date | null; warn_at: Date; due_at: Date; breach_at: Date | null; state: string }>(
      'sitrep',
      `SELECT id, kind, state, warn_at, due_at, breach_at, warned_at, due_fired_at, breached_at FROM core.deadlines WHERE incident_id = $1`,
      [incidentId],
    );
    const fired = new Map<string, number>();
    const eventIds = new Set<string>();
    let duplicateEventIds = 0;
    const last = (await jsm.streams.info(EVENTS_STREAM)).state.last_seq;
    for (let seq = 1; seq <= last; seq++) {
      const stored = await jsm.streams.getMessage(EVENTS_STREAM, { seq }).catch(() => null);
      if (!stored) continue;
      const decoded = decodeEvent(stored.data);
      if (!decoded.ok) continue;
      if (eventIds.has(decoded.event.id)) duplicateEventIds++;
      eventIds.add(decoded.event.id);
      const match = /^deadline\.(due_soon|due|breached)$/.exec(decoded.event.type);
      if (!match) continue;
      const key = `${(decoded.event.data as { deadline: { id: string } }).deadline.id}:${match[1]}`;
      fired.set(key, (fired.get(key) ?? 0) + 1);
    }
    const firedTwice = [...fired].filter(([, n]) => n > 1).map(([key, n]) => `${key} ×${n}`);
    const missing: string[] = [];
    const settle = 5_000;
    let stagesFired = 0;
    for (const clock of clocks) {
      for (const stage of ['due_soon', 'due', 'breached'] as const) {
        const recorded = { due_soon: clock.warned_at, due: clock.due_fired_at, breached: clock.breached_at }[stage];
        const expected = recorded ? eventsExpected(clock, stage) : 0;
        stagesFired += expected;
        const events = fired.get(`${clock.id}:${stage}`) ?? 0;
        if (events !== expected) missing.push(`${clock.kind} ${stage}: ${expected} event(s) expected, ${events} on the stream`);
      }
      if (clock.state === 'pending' && clock.due_at.getTime() < checkedAt.getTime() - settle && !clock.due_fired_at && !clock.breached_at) missing.push(`${clock.kind}: due at ${clock.due_at.toISOString()}, never fired`);
    }

    // Both status-page replicas, asked directly, serve the same bytes for every document.
    const pages = topology.replicas.filter((r) => r.app === 'status-page');
    const hashes = async () =>
      Promise.all(pages.map(async (p) => {
        const bodies = await Promise.all(PAGES.map(async (path) => Buffer.from(await (await fetch(`${p.url}${path}`)).arrayBuffer())));
        // The update approved after the faults (its title is now the incident's name on the page).
        const summary = bodies[1].toString();
        return { name: p.name, hash: createHash('sha256').update(Buffer.concat(bodies)).digest('hex').slice(0, 16), mentions: summary.includes('deploying a fix') };
      }));
    let seen: Awaited<ReturnType<typeof hashes>> = [];
    const converged = await waitFor(async () => {
      seen = await hashes();
      return seen.every((x) => x.mentions && x.hash === seen[0].hash) ? seen : undefined;
    }, { what: 'both status pages to serve the same bytes', timeoutMs: 60_000, intervalMs: 500 }).catch((error: Error) => {
      throw new Error(`${error.message}; last seen: ${JSON.stringify(seen)}`);
    });

    const leaderChanges = [...leaderHistory].map(([group, seen]) => `  ${group}: ${seen.join(' → ')}${seen.length > 1 ? '' : ' (unchanged)'}`);
    const streamsNotMoved = [...leaderHistory].filter(([group, seen]) => group !== META && seen.length < 2).map(([group]) => group);
    const report = [
      `cluster test: ${SUBSCRIBERS} subscribers by email and SMS, 3 NATS nodes (streams with 3 replicas), 2 × incident-core, comms, status-page`,
      'fault schedule (seconds after the approval, deliveries accepted by the fakes at the time):',
      ...schedule.map((s) => `  +${(s.at / 1000).toFixed(1).padStart(5)} s  at ${String(s.delivered).padStart(5)}/${total}  ${s.what}`),
      'leaders through the faults:',
      ...leaderChanges,
      `topology started in ${startedIn} s; fan-out complete ${fanoutSeconds.toFixed(1)} s after the approval`,
      `emails: ${smtp.accepted} SMTP transactions, ${SUBSCRIBERS - emailNotOnce.length}/${SUBSCRIBERS} subscribers with exactly one Message-ID, raw resends ${emailResends}`,
      `SMS: ${twilio.requestCount} requests to Twilio, ${SUBSCRIBERS - smsNotOnce.length}/${SUBSCRIBERS} subscribers with exactly one text, duplicates ${smsNotOnce.length}`,
      `dead letters: ${deadLetters}`,
      `deliveries given up: ${failed.length === 0 ? 0 : failed.map((f) => `${f.n} ${f.channel} ${f.notice ?? ''} (${f.last_error})`).join('; ')}`,
      `clocks: ${clocks.length} clocks, ${stagesFired} stage events expected, each once on the stream: ${firedTwice.length === 0 && missing.length === 0 ? 'yes' : `NO (${[...firedTwice, ...missing].join('; ')})`}; duplicate event ids on the stream: ${duplicateEventIds}`,
      `status pages: ${converged.map((c) => `${c.name} sha256 ${c.hash}`).join(', ')}`,
    ].join('\n');
    console.log(report);

    expect(emailNotOnce.slice(0, 20)).toEqual([]);
    expect(smsNotOnce.slice(0, 20)).toEqual([]);
    expect(deadLetters).toBe(0);
    expect(failed).toEqual([]);
    expect(firedTwice).toEqual([]);
    expect(missing).toEqual([]);
    expect(duplicateEventIds).toBe(0);
    expect(streamsNotMoved).toEqual([]);
    expect(schedule).toHaveLength(8);
    passed = true;
  });
});
