import { waitFor } from '@sitrep/testing';
import { InProcessCore, TEST_ADMIN_TOKEN } from '../../testing/in-process-core';

describe('maintenance windows on a running incident-core', () => {
  const core = new InProcessCore(new Date('2026-11-30T12:00:00Z'));
  let componentId = '';

  beforeAll(async () => {
    await core.setUp();
    componentId = (await core.call<{ id: string }>('POST', '/api/v1/components', TEST_ADMIN_TOKEN, { name: 'Database' })).body.id;
  });

  afterAll(() => core.tearDown());

  const events = async (id: string) =>
    (await core.sql.query(`SELECT event->>'type' AS type FROM core.outbox WHERE event->'data'->'maintenance'->>'id' = $1 ORDER BY position`, [id])).rows.map((r) => r.type);

  it('schedules a window, starts it and completes it on the clock, each step once', async () => {
    const scheduled = await core.call<{ id: string; state: string }>('POST', '/api/v1/maintenances', TEST_ADMIN_TOKEN, {
      title: 'Database upgrade',
      message: 'Writes pause for up to 10 minutes.',
      componentIds: [componentId],
      scheduledFor: '2026-12-01T02:00:00Z',
      scheduledUntil: '2026-12-01T03:00:00Z',
    });
    expect(scheduled.status).toBe(201);
    expect(scheduled.body.state).toBe('scheduled');
    core.clock.set('2026-12-01T02:00:00Z');
    await waitFor(async () => (await events(scheduled.body.id)).includes('maintenance.started'), { what: 'the start' });
    await core.restart();
    core.clock.set('2026-12-01T03:00:01Z');
    await waitFor(async () => (await events(scheduled.body.id)).includes('maintenance.completed'), { what: 'the end' });
    await new Promise((ok) => setTimeout(ok, 100));
    expect(await events(scheduled.body.id)).toEqual(['maintenance.scheduled', 'maintenance.started', 'maintenance.completed']);
  });

  it('refuses bad windows with the field and the reason, and cancels scheduled ones', async () => {
    const backwards = await core.call<{ fields: { field: string; reason: string }[] }>('POST', '/api/v1/maintenances', TEST_ADMIN_TOKEN, {
      title: 'Backwards', message: 'x', componentIds: [componentId], scheduledFor: '2026-12-05T03:00:00Z', scheduledUntil: '2026-12-05T02:00:00Z',
    });
    expect(backwards.status).toBe(400);
    expect(backwards.body.fields).toEqual([{ field: 'scheduledUntil', reason: 'must be after scheduledFor' }]);
    const unknown = await core.call('POST', '/api/v1/maintenances', TEST_ADMIN_TOKEN, {
      title: 'Unknown', message: 'x', componentIds: ['00000000-0000-4000-8000-000000000000'], scheduledFor: '2026-12-05T02:00:00Z', scheduledUntil: '2026-12-05T03:00:00Z',
    });
    expect(unknown.status).toBe(400);
    const later = await core.call<{ id: string }>('POST', '/api/v1/maintenances', TEST_ADMIN_TOKEN, {
      title: 'Later', message: 'Network change', componentIds: [componentId], scheduledFor: '2026-12-10T02:00:00Z', scheduledUntil: '2026-12-10T03:00:00Z',
    });
    expect((await core.call<{ state: string }>('POST', `/api/v1/maintenances/${later.body.id}/cancel`, TEST_ADMIN_TOKEN)).body.state).toBe('cancelled');
    expect((await core.call('POST', `/api/v1/maintenances/${later.body.id}/cancel`, TEST_ADMIN_TOKEN)).status).toBe(409);
  });
});
