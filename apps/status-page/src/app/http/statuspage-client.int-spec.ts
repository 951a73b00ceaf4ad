jest.mock('feed', () => jest.requireActual<typeof import('../testing/esm-for-jest')>('../testing/esm-for-jest').loadEsmForJest('feed'));

import pino from 'pino';
import { systemClock } from '@sitrep/clock';
import { loadStatusPageConfig as loadConfig } from '../../config/status-page-config';
import type { EventBus } from '@sitrep/messaging';
import { AppMetrics } from '@sitrep/observability';
import type { HttpApp } from '@sitrep/platform';
import { PrerenderedSite } from '../render/prerendered-site';
import { StatusPublisher } from '../status-publisher';
import { component, componentCreated, published } from '../testing/published';
import { brandingFrom, listenStatusPageHttp } from './status-page-http';

/**
 * The API as the npm package `statuspage.io` (a Statuspage client: getSummary, getStatus, getComponents,
 * incidents, scheduled maintenances) calls it. Version 3.3.8 is the newest that runs on Node 20 as
 * CommonJS (3.4 is ESM-only and wants Node 21); it is a dev dependency of the workspace.
 */
interface StatuspageClient {
  setApiUrl(url: string): void;
  api: {
    getSummary(): Promise<Record<string, unknown>>;
    getStatus(): Promise<{ status: { indicator: string; description: string } }>;
    getComponents(): Promise<{ components: { id: string; name: string; status: string; group: boolean }[] }>;
    incidents: { getAll(): Promise<{ incidents: Incident[] }>; getUnresolved(): Promise<{ incidents: Incident[] }> };
    scheduledMaintenances: { getUpcoming(): Promise<{ scheduled_maintenances: (Incident & { scheduled_for: string; scheduled_until: string })[] }> };
  };
}
interface Incident {
  id: string;
  name: string;
  status: string;
  impact: string;
  shortlink: string;
  incident_updates: { id: string; status: string; body: string; incident_id: string; display_at: string }[];
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Statuspage } = require('statuspage.io') as { Statuspage: new (pageId: string) => StatuspageClient };

const INCIDENT = '10000000-0000-4000-8000-000000000001';
const MAINTENANCE = '20000000-0000-4000-8000-000000000001';

describe('a real Statuspage client (npm statuspage.io) reading Sitrep\'s v2 API', () => {
  let http: HttpApp;
  let publisher: StatusPublisher;
  let client: StatuspageClient;

  beforeAll(async () => {
    const config = loadConfig({ STATUS_PAGE_NAME: 'Acme Status', LOG_LEVEL: 'silent' });
    const site = new PrerenderedSite();
    const bus = { kind: 'in-process', healthy: async () => true } as unknown as EventBus;
    http = await listenStatusPageHttp({ config, site, logger: pino({ level: 'silent' }), metrics: new AppMetrics('status-page'), bus, port: 0 });
    publisher = new StatusPublisher(site, { id: 'acme', name: 'Acme Status', url: http.url }, systemClock, brandingFrom(config));
    const api = component('API', { group: 'Platform' });
    const db = component('Database', { group: 'Platform' });
    publisher.apply(componentCreated(api));
    publisher.apply(componentCreated(db));
    const now = Date.now();
    publisher.apply(published({ incidentId: INCIDENT, title: 'Elevated API errors', status: 'investigating', impact: 'major', at: new Date(now - 600_000).toISOString(), components: [{ c: api, status: 'partial_outage' }] }));
    publisher.apply(published({ incidentId: INCIDENT, title: 'Elevated API errors', status: 'identified', impact: 'major', at: new Date(now - 300_000).toISOString() }));
    publisher.apply(
      published({ incidentId: MAINTENANCE, subject: 'maintenance', kind: 'maintenance_scheduled', title: 'Database upgrade', status: 'scheduled', impact: 'maintenance', at: new Date(now - 60_000).toISOString(), scheduledFor: new Date(now + 86_400_000).toISOString(), scheduledUntil: new Date(now + 90_000_000).toISOString(), components: [{ c: db, status: 'under_maintenance' }] }),
    );
    publisher.render();
    site.ready = true;
    client = new Statuspage('acme');
    client.setApiUrl(http.url);
  });

  afterAll(async () => {
    publisher?.stop();
    await http?.close();
  });

  it('reads the summary, status and components', async () => {
    const summary = (await client.api.getSummary()) as { page: { id: string; name: string }; status: { indicator: string }; components: unknown[]; incidents: Incident[] };
    expect(summary.page).toMatchObject({ id: 'acme', name: 'Acme Status' });
    expect(summary.status.indicator).toBe('major');
    expect(summary.incidents.map((i) => i.name)).toEqual(['Elevated API errors']);
    expect((await client.api.getStatus()).status).toEqual({ indicator: 'major', description: 'Partial System Outage' });
    const { components } = await client.api.getComponents();
    expect(components.map((c) => [c.name, c.group, c.status])).toEqual([
      ['Platform', true, 'partial_outage'],
      ['API', false, 'partial_outage'],
      ['Database', false, 'operational'],
    ]);
  });

  it('reads incidents with their updates, and upcoming maintenance', async () => {
    const { incidents } = await client.api.incidents.getAll();
    expect(incidents[0]).toMatchObject({ id: INCIDENT, status: 'identified', impact: 'major', shortlink: `${http.url}/incidents/${INCIDENT}` });
    expect(incidents[0].incident_updates.map((u) => [u.status, u.incident_id])).toEqual([
      ['identified', INCIDENT],
      ['investigating', INCIDENT],
    ]);
    expect((await client.api.incidents.getUnresolved()).incidents.map((i) => i.id)).toEqual([INCIDENT]);
    const { scheduled_maintenances } = await client.api.scheduledMaintenances.getUpcoming();
    expect(scheduled_maintenances.map((m) => [m.name, m.status])).toEqual([['Database upgrade', 'scheduled']]);
  });
});
