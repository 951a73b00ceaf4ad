import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMS_VARIABLES, loadCommsConfig } from '@sitrep/apps/comms/config';
import { INCIDENT_CORE_VARIABLES, loadIncidentCoreConfig } from '@sitrep/apps/incident-core/config';
import { STATUS_PAGE_VARIABLES, loadStatusPageConfig } from '@sitrep/apps/status-page/config';
import { MIGRATION_VARIABLES } from '@sitrep/platform';
import { composeServices } from './compose-file';

const APPS = ['incident-core', 'comms', 'status-page'] as const;
const MIGRATIONS = ['migrate-core', 'migrate-comms'] as const;
/** Each service's app, by the variables it reads and how it loads them: its own schema, nobody else's. */
const READERS = {
  'incident-core': { variables: Object.keys(INCIDENT_CORE_VARIABLES), load: loadIncidentCoreConfig },
  comms: { variables: Object.keys(COMMS_VARIABLES), load: loadCommsConfig },
  'status-page': { variables: Object.keys(STATUS_PAGE_VARIABLES), load: loadStatusPageConfig },
} as const;
const ENV = { SITREP_ADMIN_TOKEN: 'compose-check-token-0123456789', SITREP_PUBLIC_HOST: 'status.acme.example' };

describe('docker/compose.yaml: the deployed topology, configured as the apps read it', () => {
  const services = composeServices(ENV);

  it('gives each service only variables its own app reads, and each app loads its configuration from them', () => {
    for (const name of APPS) {
      const env = services[name].environment ?? {};
      expect([name, Object.keys(env).filter((key) => !READERS[name].variables.includes(key))]).toEqual([name, []]);
      expect(() => READERS[name].load(env)).not.toThrow();
    }
    for (const name of MIGRATIONS) expect([name, Object.keys(services[name].environment ?? {})]).toEqual([name, [...MIGRATION_VARIABLES]]);
  });

  it('sets what the distributed setup requires: PostgreSQL, all three NATS nodes with replicated streams, the admin token', () => {
    for (const name of APPS) {
      const config = READERS[name].load(services[name].environment ?? {});
      expect([name, config.mode, config.natsUrl?.split(',').length, config.natsReplicas]).toEqual([name, 'distributed', 3, 3]);
    }
    for (const config of [loadIncidentCoreConfig(services['incident-core'].environment ?? {}), loadCommsConfig(services.comms.environment ?? {})]) {
      expect([config.databaseUrl, config.adminToken]).toEqual(['postgres://postgres:sitrep@postgres:5432/sitrep', ENV.SITREP_ADMIN_TOKEN]);
    }
    for (const name of MIGRATIONS) expect(services[name].environment?.DATABASE_URL).toBe('postgres://postgres:sitrep@postgres:5432/sitrep');
  });

  it('builds every public URL on the published front, the same on every replica', () => {
    const front = services.nginx;
    expect(front.ports).toEqual(['3000:3000', '3001:3001', '3002:3002']);
    const core = loadIncidentCoreConfig(services['incident-core'].environment ?? {});
    const comms = loadCommsConfig(services.comms.environment ?? {});
    const page = loadStatusPageConfig(services['status-page'].environment ?? {});
    expect(core.console.publicUrl).toBe('http://status.acme.example:3000');
    expect([comms.commsPublicUrl, comms.publicUrl]).toEqual(['http://status.acme.example:3001', 'http://status.acme.example:3002']);
    // The status page reaches comms' public API server-side, over the compose network.
    expect([page.commsPublicUrl, page.publicUrl]).toEqual(['http://comms:3001', 'http://status.acme.example:3002']);
    for (const name of APPS) {
      expect(services[name].deploy?.replicas).toBe(2);
      expect(services[name].ports).toBeUndefined();
    }
    const nginx = readFileSync(join(__dirname, '..', '..', 'docker', 'nginx', 'sitrep.conf'), 'utf8');
    for (const [port, upstream] of [['3000', 'incident-core:3000'], ['3001', 'comms:3001'], ['3002', 'status-page:3002']]) {
      expect(nginx).toMatch(new RegExp(`listen ${port};[\\s\\S]*?http://${upstream};`));
    }
  });

  it('gives the status page a writable volume for its snapshot', () => {
    const page = services['status-page'];
    const dataDir = loadStatusPageConfig(page.environment ?? {}).dataDir;
    expect(page.volumes).toContain(`status-page-data:${dataDir}`);
    // The image creates that folder for the unprivileged user, so a fresh named volume inherits the ownership.
    expect(readFileSync(join(__dirname, '..', '..', 'docker', 'Dockerfile'), 'utf8')).toContain(`chown node:node ${dataDir}`);
  });

  it('lets nginx serve the documents the status page writes, from the same volume', () => {
    const siteDir = loadStatusPageConfig(services['status-page'].environment ?? {}).statusPageSiteDir;
    expect(siteDir).toBe('/var/lib/sitrep/site');
    expect(services.nginx.volumes).toContain('status-page-data:/srv/sitrep:ro');
    const nginx = readFileSync(join(__dirname, '..', '..', 'docker', 'nginx', 'sitrep.conf'), 'utf8');
    expect(nginx).toContain('root /srv/sitrep/site;');
    expect(nginx).toContain('try_files $uri $uri.html @status_page;');
  });

  it('runs the migrations once before the apps, and starts nothing before what it needs is healthy', () => {
    for (const name of MIGRATIONS) {
      expect([name, services[name].restart, services[name].depends_on?.postgres?.condition]).toEqual([name, 'no', 'service_healthy']);
    }
    for (const name of APPS) {
      const needs = services[name].depends_on ?? {};
      expect([name, needs['migrate-core']?.condition, needs['migrate-comms']?.condition]).toEqual([name, 'service_completed_successfully', 'service_completed_successfully']);
      for (const node of ['nats-1', 'nats-2', 'nats-3']) expect([name, node, needs[node]?.condition]).toEqual([name, node, 'service_healthy']);
      // The apps' health check is the image's HEALTHCHECK (docker/Dockerfile); nginx waits for it.
      expect(services.nginx.depends_on?.[name]?.condition).toBe('service_healthy');
    }
    for (const name of ['postgres', 'nats-1', 'nats-2', 'nats-3', 'nginx']) expect([name, services[name].healthcheck?.test?.length ?? 0]).not.toEqual([name, 0]);
  });

  it('clusters the three NATS nodes with JetStream, each routing to the others', () => {
    for (const name of ['nats-1', 'nats-2', 'nats-3']) {
      const command = (services[name].command ?? []).join(' ');
      expect(command).toContain('-js');
      expect(command).toContain('--cluster_name sitrep');
      expect(command).toContain(`--server_name ${name}`);
      expect(command).toContain('--routes nats://nats-1:6222,nats://nats-2:6222,nats://nats-3:6222');
    }
  });
});
