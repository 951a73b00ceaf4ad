import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServiceProcess, freePort, waitFor } from '@sitrep/testing';
import { SummaryJson, api } from '../support/api';

describe('npm start: the embedded all-in-one', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sitrep-embedded-'));
  let ports: { core: number; comms: number; statusPage: number };
  let sitrep: ServiceProcess;
  const url = (port: number) => `http://127.0.0.1:${port}`;

  const start = async () => {
    // No DATABASE_URL, no NATS_URL, no token: everything comes from the launcher.
    const env: Record<string, string> = { SITREP_DATA_DIR: dataDir, CORE_PORT: String(ports.core), COMMS_PORT: String(ports.comms), STATUS_PAGE_PORT: String(ports.statusPage), DATABASE_URL: '', NATS_URL: '', SITREP_ADMIN_TOKEN: '' };
    sitrep = new ServiceProcess('tools/embedded/start.ts', env).start();
    for (const port of Object.values(ports)) await sitrep.waitReady(url(port), 60_000);
    await waitFor(() => sitrep.output.includes('admin token'), { what: 'the banner' });
  };

  beforeAll(async () => {
    ports = { core: await freePort(), comms: await freePort(), statusPage: await freePort() };
    await start();
  });

  afterAll(async () => {
    await sitrep?.stop('SIGKILL');
  });

  it('prints the three URLs and an admin token it keeps in the data folder', () => {
    const token = readFileSync(join(dataDir, 'admin-token'), 'utf8').trim();
    expect(sitrep.output).toContain(`incident-core  http://127.0.0.1:${ports.core}`);
    expect(sitrep.output).toContain(`status page    http://127.0.0.1:${ports.statusPage}`);
    expect(sitrep.output).toContain(`admin token    ${token}`);
  });

  it('runs the skeleton flow on the embedded database and bus, and keeps the data across a restart', async () => {
    const token = readFileSync(join(dataDir, 'admin-token'), 'utf8').trim();
    const core = api(url(ports.core), token);
    const component = await core.post<{ id: string }>('/api/v1/components', { name: 'Search' });
    expect(component.status).toBe(201);
    const incident = await core.post<{ id: string }>('/api/v1/incidents', { title: 'Search is slow', severity: 'P2', componentIds: [component.body.id] });
    expect(incident.status).toBe(201);

    await waitFor(async () => (await api(url(ports.statusPage)).get<SummaryJson>('/api/v2/summary.json')).body.components.some((c) => c.name === 'Search'), { what: 'the component on the page' });
    await waitFor(async () => (await api(url(ports.comms), token).get<{ incidents: { id: string }[] }>('/api/v1/incidents')).body.incidents.some((i) => i.id === incident.body.id), { what: 'comms to hear of the incident' });

    expect(await sitrep.stop('SIGTERM')).toBe(0);
    await start();
    // Printed once, when it was made: on a restart the banner says where it is, not what it is.
    expect(sitrep.output).not.toContain(token);
    expect(sitrep.output).toContain(`admin token    kept in ${join(dataDir, 'admin-token')}`);
    const after = await api(url(ports.statusPage)).get<SummaryJson>('/api/v2/summary.json');
    expect(after.body.components.map((c) => c.name)).toEqual(['Search']);
    const known = await api(url(ports.comms), token).get<{ incidents: { id: string }[] }>('/api/v1/incidents');
    expect(known.body.incidents.map((i) => i.id)).toEqual([incident.body.id]);
    expect((await core.get<{ incidents: unknown[] }>('/api/v1/incidents')).body.incidents).toHaveLength(1);
  });
});
