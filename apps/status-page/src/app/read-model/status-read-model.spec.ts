import { createEvent } from '@sitrep/contracts';
import { StatusReadModel } from './status-read-model';

const actor = { kind: 'system' as const, id: 'sitrep' };
const component = {
  id: '00000000-0000-4000-8000-000000000001',
  name: 'API',
  description: null,
  group: null,
  status: 'operational' as const,
  position: 0,
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
};

describe('StatusReadModel', () => {
  it('adds a created component once, however often the event arrives', () => {
    const model = new StatusReadModel();
    const event = createEvent('component.created', { component }, { actor });
    expect(model.apply(event)).toBe(true);
    expect(model.apply(event)).toBe(false);
    expect(model.snapshot().components).toEqual([component]);
    expect(model.snapshot().updatedAt).toBe(component.updatedAt);
  });

  it('ignores events about incidents: only published communications reach the public page', () => {
    const model = new StatusReadModel();
    const declared = createEvent(
      'incident.declared',
      { incident: { id: component.id, reference: 'INC-0001', title: 'secret internal title', severity: 'P1', status: 'declared', summary: null, componentIds: [], declaredAt: component.createdAt, trigger: 'manual', commanderId: null } },
      { actor },
    );
    expect(model.apply(declared)).toBe(false);
    expect(JSON.stringify(model.snapshot())).not.toContain('secret internal title');
  });
});
