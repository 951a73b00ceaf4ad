import { createEvent } from '@sitrep/contracts';
import { component, componentCreated, published } from '../testing/published';
import { HISTORY_DAYS, nextChangeAt, publicView } from './public-view';
import { StatusReadModel } from './status-read-model';

const INCIDENT = '10000000-0000-4000-8000-000000000001';
const OTHER = '10000000-0000-4000-8000-000000000002';
const MAINTENANCE = '20000000-0000-4000-8000-000000000001';

function modelWith(...components: ReturnType<typeof component>[]) {
  const model = new StatusReadModel();
  for (const c of components) model.apply(componentCreated(c));
  return model;
}

const statusOf = (model: StatusReadModel, at: string, id: string) => publicView(model.snapshot(), new Date(at)).components.find((c) => c.id === id)!.status;

describe('StatusReadModel', () => {
  it('adds a created component once, however often the event arrives', () => {
    const api = component('API');
    const model = new StatusReadModel();
    const event = componentCreated(api);
    expect(model.apply(event)).toBe(true);
    expect(model.apply(event)).toBe(false);
    expect(model.snapshot().components).toEqual([api]);
    expect(model.snapshot().updatedAt).toBe(api.updatedAt);
  });

  it('ignores events about incidents: only published communications reach the public page', () => {
    const model = new StatusReadModel();
    const declared = createEvent(
      'incident.declared',
      { incident: { id: INCIDENT, reference: 'INC-0001', title: 'secret internal title', severity: 'P1', status: 'declared', summary: 'db-7 ran out of disk, Alice is on it', componentIds: [], declaredAt: '2026-01-01T00:00:00Z', trigger: 'manual', commanderId: null } },
      { actor: { kind: 'person', id: 'p1', name: 'Alice Responder' } },
    );
    expect(model.apply(declared)).toBe(false);
    expect(JSON.stringify(model.snapshot())).not.toMatch(/secret internal title|Alice|db-7/);
  });

  it('ignores communications that were not published to the status page channel', () => {
    const api = component('API');
    const model = modelWith(api);
    expect(model.apply(published({ incidentId: INCIDENT, status: 'investigating', at: '2026-03-01T10:00:00Z', components: [{ c: api, status: 'major_outage' }], channels: ['email', 'slack'] }))).toBe(false);
    expect(statusOf(model, '2026-03-01T10:05:00Z', api.id)).toBe('operational');
    expect(publicView(model.snapshot(), new Date('2026-03-01T10:05:00Z')).incidents).toEqual([]);
  });

  it('sets the statuses a published communication names, and returns them to operational once resolved', () => {
    const api = component('API');
    const web = component('Website');
    const model = modelWith(api, web);
    model.apply(published({ incidentId: INCIDENT, status: 'investigating', at: '2026-03-01T10:00:00Z', components: [{ c: api, status: 'major_outage' }, { c: web, status: 'degraded_performance' }] }));
    expect(statusOf(model, '2026-03-01T10:01:00Z', api.id)).toBe('major_outage');
    expect(statusOf(model, '2026-03-01T10:01:00Z', web.id)).toBe('degraded_performance');
    expect(publicView(model.snapshot(), new Date('2026-03-01T10:01:00Z')).indicator).toBe('critical');

    // An update that names only the API leaves the website as it was.
    model.apply(published({ incidentId: INCIDENT, status: 'identified', at: '2026-03-01T10:20:00Z', components: [{ c: api, status: 'partial_outage' }] }));
    expect(statusOf(model, '2026-03-01T10:21:00Z', api.id)).toBe('partial_outage');
    expect(statusOf(model, '2026-03-01T10:21:00Z', web.id)).toBe('degraded_performance');

    model.apply(published({ incidentId: INCIDENT, status: 'monitoring', at: '2026-03-01T10:40:00Z' }));
    model.apply(published({ incidentId: INCIDENT, status: 'resolved', at: '2026-03-01T11:00:00Z' }));
    const view = publicView(model.snapshot(), new Date('2026-03-01T11:01:00Z'));
    expect(view.components.map((c) => c.status)).toEqual(['operational', 'operational']);
    expect(view.indicator).toBe('none');
    const incident = view.incidents[0];
    expect(incident).toMatchObject({ status: 'resolved', open: false, monitoringAt: '2026-03-01T10:40:00.000Z', resolvedAt: '2026-03-01T11:00:00.000Z', createdAt: '2026-03-01T10:00:00.000Z' });
    expect(incident.updates.map((u) => u.status)).toEqual(['resolved', 'monitoring', 'identified', 'investigating']);
    // The resolving update lists what went back to operational.
    expect(incident.updates[0].affected).toEqual([
      { id: api.id, name: 'API', oldStatus: 'partial_outage', newStatus: 'operational' },
      { id: web.id, name: 'Website', oldStatus: 'degraded_performance', newStatus: 'operational' },
    ]);
  });

  it('takes the worst status when two open incidents name the same component', () => {
    const api = component('API');
    const model = modelWith(api);
    model.apply(published({ incidentId: INCIDENT, status: 'investigating', at: '2026-03-01T10:00:00Z', components: [{ c: api, status: 'degraded_performance' }] }));
    model.apply(published({ incidentId: OTHER, status: 'identified', at: '2026-03-01T10:05:00Z', components: [{ c: api, status: 'partial_outage' }] }));
    expect(statusOf(model, '2026-03-01T10:06:00Z', api.id)).toBe('partial_outage');
    model.apply(published({ incidentId: OTHER, status: 'resolved', at: '2026-03-01T10:30:00Z' }));
    expect(statusOf(model, '2026-03-01T10:31:00Z', api.id)).toBe('degraded_performance');
  });

  it('lets the latest update decide even when its timestamp is a little ahead of our clock', () => {
    const api = component('API');
    const model = modelWith(api);
    model.apply(published({ incidentId: INCIDENT, status: 'investigating', at: '2026-03-01T10:00:00Z', components: [{ c: api, status: 'major_outage' }] }));
    model.apply(published({ incidentId: INCIDENT, status: 'identified', at: '2026-03-01T10:00:05Z', components: [{ c: api, status: 'degraded_performance' }] }));
    expect(statusOf(model, '2026-03-01T10:00:03Z', api.id)).toBe('degraded_performance');
  });

  it('applies a republished communication (same id, new event) only once', () => {
    const api = component('API');
    const model = modelWith(api);
    const communicationId = '30000000-0000-4000-8000-000000000001';
    expect(model.apply(published({ incidentId: INCIDENT, status: 'investigating', at: '2026-03-01T10:00:00Z', communicationId }))).toBe(true);
    expect(model.apply(published({ incidentId: INCIDENT, status: 'investigating', at: '2026-03-01T10:00:00Z', communicationId }))).toBe(false);
    expect(model.snapshot().reports[0].updates).toHaveLength(1);
  });

  it('puts components under maintenance only while the clock is inside the window', () => {
    const db = component('Database');
    const model = modelWith(db);
    model.apply(
      published({
        incidentId: MAINTENANCE,
        subject: 'maintenance',
        kind: 'maintenance_scheduled',
        title: 'Database upgrade',
        status: 'scheduled',
        impact: 'maintenance',
        at: '2026-03-01T09:00:00Z',
        scheduledFor: '2026-03-02T01:00:00Z',
        scheduledUntil: '2026-03-02T03:00:00Z',
        components: [{ c: db, status: 'under_maintenance' }],
      }),
    );
    const before = publicView(model.snapshot(), new Date('2026-03-02T00:59:00Z'));
    expect(before.components[0].status).toBe('operational');
    expect(before.maintenances[0]).toMatchObject({ status: 'scheduled', open: true, active: false });
    expect(before.indicator).toBe('none');

    const during = publicView(model.snapshot(), new Date('2026-03-02T01:00:00Z'));
    expect(during.components[0].status).toBe('under_maintenance');
    expect(during.maintenances[0]).toMatchObject({ status: 'in_progress', active: true });
    expect(during.indicator).toBe('maintenance');

    const after = publicView(model.snapshot(), new Date('2026-03-02T03:00:00Z'));
    expect(after.components[0].status).toBe('operational');
    expect(after.maintenances[0]).toMatchObject({ status: 'completed', open: false, resolvedAt: '2026-03-02T03:00:00.000Z' });

    // The page re-renders by itself at both edges of the window.
    expect(nextChangeAt(model.snapshot(), new Date('2026-03-02T00:30:00Z')).toISOString()).toBe('2026-03-02T01:00:00.000Z');
    expect(nextChangeAt(model.snapshot(), new Date('2026-03-02T02:00:00Z')).toISOString()).toBe('2026-03-02T03:00:00.000Z');
  });

  it('ends a maintenance early when its completion is published, and lets an outage outrank it', () => {
    const db = component('Database');
    const model = modelWith(db);
    const window = { incidentId: MAINTENANCE, subject: 'maintenance' as const, title: 'Database upgrade', impact: 'maintenance' as const, scheduledFor: '2026-03-02T01:00:00Z', scheduledUntil: '2026-03-02T03:00:00Z', components: [{ c: db, status: 'under_maintenance' as const }] };
    model.apply(published({ ...window, kind: 'maintenance_scheduled', status: 'scheduled', at: '2026-03-01T09:00:00Z' }));
    model.apply(published({ incidentId: INCIDENT, status: 'investigating', at: '2026-03-02T01:30:00Z', components: [{ c: db, status: 'major_outage' }] }));
    expect(statusOf(model, '2026-03-02T01:31:00Z', db.id)).toBe('major_outage');
    model.apply(published({ incidentId: INCIDENT, status: 'resolved', at: '2026-03-02T01:40:00Z' }));
    expect(statusOf(model, '2026-03-02T01:41:00Z', db.id)).toBe('under_maintenance');
    model.apply(published({ ...window, kind: 'maintenance_completed', status: 'completed', at: '2026-03-02T02:00:00Z' }));
    expect(statusOf(model, '2026-03-02T02:01:00Z', db.id)).toBe('operational');
    expect(publicView(model.snapshot(), new Date('2026-03-02T02:01:00Z')).maintenances[0]).toMatchObject({ status: 'completed', resolvedAt: '2026-03-02T02:00:00.000Z' });
  });

  it('colours each of the last 90 days by the worst impact that day, per component', () => {
    const api = component('API', { createdAt: '2025-06-01T00:00:00.000Z' });
    const web = component('Website', { createdAt: '2026-02-25T12:00:00.000Z' });
    const model = modelWith(api, web);
    // 27 Feb: a minor and a critical incident on the API; the website only degraded.
    model.apply(published({ incidentId: INCIDENT, title: 'Slow API', status: 'investigating', at: '2026-02-27T08:00:00Z', components: [{ c: api, status: 'degraded_performance' }, { c: web, status: 'degraded_performance' }] }));
    model.apply(published({ incidentId: INCIDENT, title: 'Slow API', status: 'resolved', at: '2026-02-27T09:00:00Z' }));
    model.apply(published({ incidentId: OTHER, title: 'API down', status: 'investigating', at: '2026-02-27T22:00:00Z', components: [{ c: api, status: 'major_outage' }] }));
    // It runs past midnight into 28 Feb, where it is downgraded before it resolves.
    model.apply(published({ incidentId: OTHER, title: 'API down', status: 'identified', at: '2026-02-28T01:00:00Z', components: [{ c: api, status: 'partial_outage' }] }));
    model.apply(published({ incidentId: OTHER, title: 'API down', status: 'resolved', at: '2026-02-28T02:00:00Z' }));

    const view = publicView(model.snapshot(), new Date('2026-03-01T12:00:00Z'));
    const apiDays = view.history.get(api.id)!;
    const webDays = view.history.get(web.id)!;
    expect(apiDays).toHaveLength(HISTORY_DAYS);
    expect(apiDays.at(-1)!.date).toBe('2026-03-01');
    expect(apiDays[0].date).toBe('2025-12-02');
    const day = (days: typeof apiDays, date: string) => days.find((d) => d.date === date)!;
    expect(day(apiDays, '2026-02-27')).toEqual({
      date: '2026-02-27',
      impact: 'critical',
      entries: [
        { reportId: OTHER, name: 'API down', status: 'major_outage' },
        { reportId: INCIDENT, name: 'Slow API', status: 'degraded_performance' },
      ],
    });
    expect(day(apiDays, '2026-02-28')).toMatchObject({ impact: 'critical' });
    expect(day(apiDays, '2026-03-01')).toMatchObject({ impact: 'none', entries: [] });
    expect(day(webDays, '2026-02-27')).toMatchObject({ impact: 'minor' });
    expect(day(webDays, '2026-02-28')).toMatchObject({ impact: 'none' });
    // Before the website existed there is no data, rather than a green day.
    expect(day(webDays, '2026-02-24')).toMatchObject({ impact: 'nodata' });
    expect(day(webDays, '2026-02-25')).toMatchObject({ impact: 'none' });
  });

  it('keeps an open incident on today\'s bar and the post-mortem under its incident', () => {
    const api = component('API');
    const model = modelWith(api);
    model.apply(published({ incidentId: INCIDENT, status: 'investigating', at: '2026-03-01T10:00:00Z', components: [{ c: api, status: 'partial_outage' }] }));
    let view = publicView(model.snapshot(), new Date('2026-03-03T10:00:00Z'));
    expect(view.history.get(api.id)!.slice(-3).map((d) => d.impact)).toEqual(['major', 'major', 'major']);
    model.apply(published({ incidentId: INCIDENT, status: 'resolved', at: '2026-03-03T11:00:00Z' }));
    model.apply(published({ incidentId: INCIDENT, kind: 'postmortem', status: 'postmortem', title: 'Post-incident report: Checkout errors', body: 'A configuration change…', at: '2026-03-05T10:00:00Z' }));
    view = publicView(model.snapshot(), new Date('2026-03-05T10:01:00Z'));
    expect(view.incidents).toHaveLength(1);
    expect(view.incidents[0]).toMatchObject({ status: 'postmortem', open: false, postmortem: { title: 'Post-incident report: Checkout errors', body: 'A configuration change…' } });
    expect(view.incidents[0].updates.map((u) => u.status)).toEqual(['resolved', 'investigating']);
  });

  it('round-trips through its snapshot state', () => {
    const api = component('API');
    const model = modelWith(api);
    model.apply(published({ incidentId: INCIDENT, status: 'investigating', at: '2026-03-01T10:00:00Z', components: [{ c: api, status: 'major_outage' }] }));
    const restored = StatusReadModel.fromState(JSON.parse(JSON.stringify(model.toState())));
    const at = new Date('2026-03-01T10:30:00Z');
    expect(publicView(restored.snapshot(), at)).toEqual(publicView(model.snapshot(), at));
  });
});
