import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ComponentView } from '@sitrep/contracts';
import { overallIndicator } from './overall-status';
import { groupId, v2Documents } from './statuspage-v2';
import { renderStatusPage } from './page-html';

const fixture = JSON.parse(
  readFileSync(join(__dirname, '..', '..', '..', '..', '..', 'test', 'fixtures', 'statuspage-summary-github-2022-11-25.json'), 'utf8'),
);

function component(over: Partial<ComponentView>): ComponentView {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    name: 'API',
    description: null,
    group: null,
    status: 'operational',
    position: 0,
    createdAt: '2026-11-01T00:00:00.000Z',
    updatedAt: '2026-11-02T00:00:00.000Z',
    ...over,
  };
}

const page = { id: 'sitrep', name: 'Acme Status', url: 'https://status.acme.test' };

describe('Statuspage v2 documents', () => {
  it('uses the same field names as a real Statuspage summary.json', () => {
    const doc = v2Documents(page, { components: [component({})], updatedAt: null }, new Date('2026-11-26T00:00:00Z'))['/api/v2/summary.json'] as Record<string, unknown>;
    expect(Object.keys(doc).sort()).toEqual(Object.keys(fixture).sort());
    expect(Object.keys(doc.page as object).sort()).toEqual(Object.keys(fixture.page).sort());
    expect(Object.keys(doc.status as object).sort()).toEqual(Object.keys(fixture.status).sort());
    const ours = (doc.components as object[])[0];
    expect(Object.keys(ours).sort()).toEqual(Object.keys(fixture.components[0]).sort());
  });

  it('lists a group as a component with group: true and its members pointing back to it', () => {
    const a = component({ id: '00000000-0000-4000-8000-00000000000a', name: 'EU', group: 'Regions', status: 'partial_outage' });
    const b = component({ id: '00000000-0000-4000-8000-00000000000b', name: 'US', group: 'Regions', position: 1 });
    const doc = v2Documents(page, { components: [a, b], updatedAt: null }, new Date())['/api/v2/components.json'] as { components: Record<string, unknown>[] };
    expect(doc.components.map((c) => [c.name, c.group, c.group_id, c.status])).toEqual([
      ['Regions', true, null, 'partial_outage'],
      ['EU', false, groupId('Regions'), 'partial_outage'],
      ['US', false, groupId('Regions'), 'operational'],
    ]);
    expect(doc.components[0].components).toEqual([a.id, b.id]);
  });

  it('derives the banner from the worst component status', () => {
    expect(overallIndicator([])).toBe('none');
    expect(overallIndicator(['operational', 'under_maintenance'])).toBe('maintenance');
    expect(overallIndicator(['under_maintenance', 'degraded_performance'])).toBe('minor');
    expect(overallIndicator(['partial_outage', 'operational'])).toBe('major');
    expect(overallIndicator(['major_outage', 'partial_outage'])).toBe('critical');
  });

  it('escapes names in the HTML page', () => {
    const docs = v2Documents(page, { components: [component({ name: '<script>alert(1)</script>' })], updatedAt: null }, new Date());
    const html = renderStatusPage(docs['/api/v2/summary.json'] as Parameters<typeof renderStatusPage>[0]);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('All Systems Operational');
  });
});
