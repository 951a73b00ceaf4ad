import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { publicView } from '../read-model/public-view';
import { StatusReadModel } from '../read-model/status-read-model';
import { component, componentCreated, published } from '../testing/published';
import { componentIndicator } from './overall-status';
import { V2Summary, groupId, serializeJson, v2Documents } from './statuspage-v2';

const fixture = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', '..', '..', 'test', 'fixtures', 'statuspage-summary-github-2022-11-25.json'), 'utf8'));

const page = { id: 'sitrep', name: 'Acme Status', url: 'https://status.acme.test' };
const INCIDENT = '10000000-0000-4000-8000-000000000001';
const MAINTENANCE = '20000000-0000-4000-8000-000000000001';
const keys = (o: object) => Object.keys(o).sort();

function documentsAt(model: StatusReadModel, at: string) {
  return v2Documents(page, publicView(model.snapshot(), new Date(at)));
}

function incidentModel() {
  const api = component('API', { description: 'Public REST API' });
  const web = component('Website');
  const model = new StatusReadModel();
  model.apply(componentCreated(api));
  model.apply(componentCreated(web));
  model.apply(published({ incidentId: INCIDENT, title: 'Elevated API errors', status: 'investigating', impact: 'major', at: '2026-03-01T10:00:00Z', components: [{ c: api, status: 'partial_outage' }] }));
  model.apply(published({ incidentId: INCIDENT, title: 'Elevated API errors', status: 'identified', impact: 'major', at: '2026-03-01T10:20:00Z' }));
  return { model, api, web };
}

describe('Statuspage v2 documents', () => {
  it('uses the same field names as a real Statuspage summary.json', () => {
    const { model } = incidentModel();
    const doc = documentsAt(model, '2026-03-01T10:30:00Z')['/api/v2/summary.json'] as V2Summary;
    expect(keys(doc)).toEqual(keys(fixture));
    expect(keys(doc.page)).toEqual(keys(fixture.page));
    expect(keys(doc.status)).toEqual(keys(fixture.status));
    expect(keys(doc.components[0])).toEqual(keys(fixture.components[0]));
  });

  it('writes incidents, their updates and affected components with Statuspage\'s field names and types', () => {
    const { model, api } = incidentModel();
    const summary = documentsAt(model, '2026-03-01T10:30:00Z')['/api/v2/summary.json'] as V2Summary;
    const theirs = fixture.incidents[0];
    const ours = summary.incidents[0];
    expect(keys(ours)).toEqual(keys(theirs));
    expect(keys(ours.incident_updates[0])).toEqual(keys(theirs.incident_updates[0]));
    const theirAffected = theirs.incident_updates.find((u: { affected_components: unknown }) => u.affected_components).affected_components[0];
    const ourAffected = ours.incident_updates.find((u) => u.affected_components)!.affected_components![0];
    expect(keys(ourAffected)).toEqual(keys(theirAffected));
    expect(keys(ours.components[0])).toEqual(keys(theirs.components[0]));
    for (const key of Object.keys(theirs) as (keyof typeof ours)[]) {
      if (theirs[key] !== null) expect([key, typeof ours[key]]).toEqual([key, typeof theirs[key]]);
    }
    for (const key of Object.keys(theirs.incident_updates[0]) as (keyof (typeof ours.incident_updates)[0])[]) {
      const theirValue = theirs.incident_updates[0][key];
      if (theirValue !== null) expect([key, typeof ours.incident_updates[0][key]]).toEqual([key, typeof theirValue]);
    }

    expect(ours).toMatchObject({
      id: INCIDENT,
      name: 'Elevated API errors',
      status: 'identified',
      impact: 'major',
      created_at: '2026-03-01T10:00:00.000Z',
      started_at: '2026-03-01T10:00:00.000Z',
      updated_at: '2026-03-01T10:20:00.000Z',
      monitoring_at: null,
      resolved_at: null,
      shortlink: `https://status.acme.test/incidents/${INCIDENT}`,
      page_id: 'sitrep',
    });
    // Newest first, as Statuspage lists them.
    expect(ours.incident_updates.map((u) => u.status)).toEqual(['identified', 'investigating']);
    expect(ours.incident_updates[1].affected_components).toEqual([{ code: api.id, name: 'API', old_status: 'operational', new_status: 'partial_outage' }]);
    expect(ours.incident_updates[0].affected_components).toBeNull();
    expect(ours.components.map((c) => [c.name, c.status])).toEqual([['API', 'partial_outage']]);
    expect(summary.status).toEqual({ indicator: 'major', description: 'Partial System Outage' });
  });

  it('lists unresolved incidents in summary.json and unresolved.json, and all of them (at most 50) in incidents.json', () => {
    const { model } = incidentModel();
    model.apply(published({ incidentId: INCIDENT, status: 'resolved', at: '2026-03-01T11:00:00Z' }));
    for (let i = 0; i < 55; i++) {
      const id = `30000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
      model.apply(published({ incidentId: id, title: `Old incident ${i}`, status: 'resolved', impact: 'minor', at: `2026-02-${String((i % 27) + 1).padStart(2, '0')}T0${i % 10}:00:00Z` }));
    }
    const docs = documentsAt(model, '2026-03-01T12:00:00Z');
    expect((docs['/api/v2/summary.json'] as V2Summary).incidents).toEqual([]);
    expect((docs['/api/v2/incidents/unresolved.json'] as V2Summary).incidents).toEqual([]);
    const all = (docs['/api/v2/incidents.json'] as V2Summary).incidents;
    expect(all).toHaveLength(50);
    expect(all[0]).toMatchObject({ id: INCIDENT, status: 'resolved', resolved_at: '2026-03-01T11:00:00.000Z' });
    expect(all.map((i) => i.created_at)).toEqual([...all.map((i) => i.created_at)].sort().reverse());
  });

  it('writes scheduled maintenances with their window, sorted into upcoming and active by the clock', () => {
    const db = component('Database');
    const model = new StatusReadModel();
    model.apply(componentCreated(db));
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
    const before = documentsAt(model, '2026-03-01T12:00:00Z');
    const upcoming = (before['/api/v2/scheduled-maintenances/upcoming.json'] as { scheduled_maintenances: Record<string, unknown>[] }).scheduled_maintenances;
    expect(upcoming).toHaveLength(1);
    expect(keys(upcoming[0])).toEqual([...keys(fixture.incidents[0]), 'scheduled_for', 'scheduled_until'].sort());
    expect(upcoming[0]).toMatchObject({ name: 'Database upgrade', status: 'scheduled', impact: 'maintenance', scheduled_for: '2026-03-02T01:00:00.000Z', scheduled_until: '2026-03-02T03:00:00.000Z' });
    expect((before['/api/v2/scheduled-maintenances/active.json'] as { scheduled_maintenances: unknown[] }).scheduled_maintenances).toEqual([]);
    expect((before['/api/v2/summary.json'] as V2Summary).scheduled_maintenances).toHaveLength(1);

    const during = documentsAt(model, '2026-03-02T02:00:00Z');
    expect((during['/api/v2/scheduled-maintenances/active.json'] as { scheduled_maintenances: { status: string }[] }).scheduled_maintenances.map((m) => m.status)).toEqual(['in_progress']);
    expect((during['/api/v2/scheduled-maintenances/upcoming.json'] as { scheduled_maintenances: unknown[] }).scheduled_maintenances).toEqual([]);
    expect((during['/api/v2/components.json'] as { components: { status: string }[] }).components[0].status).toBe('under_maintenance');
    expect((during['/api/v2/status.json'] as V2Summary).status).toEqual({ indicator: 'maintenance', description: 'Service Under Maintenance' });

    const after = documentsAt(model, '2026-03-02T04:00:00Z');
    expect((after['/api/v2/summary.json'] as V2Summary).scheduled_maintenances).toEqual([]);
    expect((after['/api/v2/scheduled-maintenances.json'] as { scheduled_maintenances: { status: string }[] }).scheduled_maintenances.map((m) => m.status)).toEqual(['completed']);
  });

  it('lists a group as a component with group: true and its members pointing back to it', () => {
    const a = component('EU', { group: 'Regions', status: 'partial_outage' });
    const b = component('US', { group: 'Regions' });
    const model = new StatusReadModel();
    model.apply(componentCreated(a));
    model.apply(componentCreated(b));
    const doc = documentsAt(model, '2026-03-01T00:00:00Z')['/api/v2/components.json'] as { components: Record<string, unknown>[] };
    expect(doc.components.map((c) => [c.name, c.group, c.group_id, c.status])).toEqual([
      ['Regions', true, null, 'partial_outage'],
      ['EU', false, groupId('Regions'), 'partial_outage'],
      ['US', false, groupId('Regions'), 'operational'],
    ]);
    expect(doc.components[0].components).toEqual([a.id, b.id]);
  });

  it('derives the banner from the worst component status', () => {
    expect(componentIndicator([])).toBe('none');
    expect(componentIndicator(['operational', 'under_maintenance'])).toBe('maintenance');
    expect(componentIndicator(['under_maintenance', 'degraded_performance'])).toBe('minor');
    expect(componentIndicator(['partial_outage', 'operational'])).toBe('major');
    expect(componentIndicator(['major_outage', 'partial_outage'])).toBe('critical');
  });

  it('serializes JSON so that markup in titles stays inert yet parses back to the same text', () => {
    const text = serializeJson({ name: '</script><script>alert(1)</script> & more' });
    expect(text).not.toMatch(/[<>]/);
    expect(JSON.parse(text)).toEqual({ name: '</script><script>alert(1)</script> & more' });
  });
});
