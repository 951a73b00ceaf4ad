jest.mock('feed', () => jest.requireActual<typeof import('../testing/esm-for-jest')>('../testing/esm-for-jest').loadEsmForJest('feed'));

import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { ManualClock } from '@sitrep/clock';
import { branding } from './branding';
import { PrerenderedSite } from './prerendered-site';
import { SiteDirectory, fileFor } from './site-directory';
import { StatusPublisher } from '../status-publisher';
import { component, componentCreated, published } from '../testing/published';

const INCIDENT = '10000000-0000-4000-8000-000000000001';
const OLD = '10000000-0000-4000-8000-000000000009';

describe('SiteDirectory: the rendered site written to a folder for nginx', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sitrep-site-'));
  const site = new PrerenderedSite();
  const publisher = new StatusPublisher(site, { id: 'acme', name: 'Acme Status', url: 'https://status.acme.test' }, new ManualClock('2026-03-01T10:30:00Z'), branding({ name: 'Acme Status' }));
  const directory = new SiteDirectory(dir, pino({ level: 'silent' }));
  publisher.onRender(() => directory.update(site));
  site.onLazyAdded = () => directory.update(site);
  const api = component('API');
  afterAll(() => publisher.stop());

  it('maps each path to a file a front finds with try_files $uri $uri.html', () => {
    expect(fileFor('/', 'text/html; charset=utf-8')).toBe('index.html');
    expect(fileFor(`/incidents/${INCIDENT}`, 'text/html; charset=utf-8')).toBe(`incidents/${INCIDENT}.html`);
    expect(fileFor('/api/v2/summary.json', 'application/json; charset=utf-8')).toBe('api/v2/summary.json');
    expect(fileFor('/history.rss', 'application/rss+xml; charset=utf-8')).toBe('history.rss');
  });

  it('writes nothing until the model is loaded, so the folder never holds an empty page', async () => {
    publisher.render();
    await directory.flushed();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('writes every document with its headers, the same bytes the status page serves, and rewrites only what changed', async () => {
    site.ready = true;
    publisher.apply(componentCreated(api));
    publisher.apply(published({ incidentId: OLD, title: 'Old outage', status: 'resolved', at: '2026-02-01T10:00:00Z', components: [{ c: api, status: 'operational' }] }));
    publisher.render();
    await directory.flushed();
    // A past incident's page is rendered when first asked for, and written then.
    expect(existsSync(join(dir, `incidents/${OLD}.html`))).toBe(false);
    expect(site.get(`/incidents/${OLD}`)).toBeDefined();
    await directory.flushed();
    for (const path of ['/', '/history', '/api/v2/summary.json', `/incidents/${OLD}`, '/history.atom', '/assets/status-page.css']) {
      const resource = site.get(path)!;
      const file = join(dir, fileFor(path, resource.contentType));
      expect([path, readFileSync(file).equals(resource.body)]).toEqual([path, true]);
      const headers = readFileSync(`${file}.headers`, 'utf8');
      expect(headers).toContain(`ETag: ${resource.etag}`);
      expect(headers).toContain(`Content-Type: ${resource.contentType}`);
      expect(headers).toMatch(/^Cache-Control: public, max-age=/m);
      // nginx makes its Last-Modified and ETag from the file's time and size: the time is the data's.
      expect([path, statSync(file).mtime.toUTCString()]).toEqual([path, resource.lastModified ?? new Date(0).toUTCString()]);
    }
    expect(readFileSync(join(dir, 'index.html.headers'), 'utf8')).toContain('Content-Security-Policy: ');
    // No temporary files are left behind.
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    const oldPage = join(dir, `incidents/${OLD}.html`);
    const before = statSync(oldPage).ino;
    const indexBefore = statSync(join(dir, 'index.html')).ino;
    publisher.apply(published({ incidentId: INCIDENT, title: 'Elevated API errors', status: 'investigating', at: '2026-03-01T10:00:00Z', components: [{ c: api, status: 'major_outage' }] }));
    publisher.render();
    await directory.flushed();
    expect(readFileSync(join(dir, 'index.html'), 'utf8')).toContain('Elevated API errors');
    expect(statSync(join(dir, 'index.html')).ino).not.toBe(indexBefore);
    // A document that did not change is not written again (a rename would give it a new inode).
    expect(statSync(oldPage).ino).toBe(before);
  });
});
