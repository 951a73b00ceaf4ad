jest.mock('feed', () => jest.requireActual<typeof import('./testing/esm-for-jest')>('./testing/esm-for-jest').loadEsmForJest('feed'));

import { ManualClock } from '@sitrep/clock';
import { accessibleAccent, branding, contrastRatio } from './render/branding';
import { PrerenderedSite } from './render/prerendered-site';
import { StatusPublisher } from './status-publisher';
import { component, componentCreated, published } from './testing/published';

const INCIDENT = '10000000-0000-4000-8000-000000000001';
const OLD = '10000000-0000-4000-8000-000000000009';
const MAINTENANCE = '20000000-0000-4000-8000-000000000001';
const XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>]]>';

const running: StatusPublisher[] = [];
afterEach(() => running.splice(0).forEach((p) => p.stop()));

function setup(brand = branding({ name: 'Acme Status' })) {
  const clock = new ManualClock('2026-03-01T10:30:00Z');
  const site = new PrerenderedSite();
  const publisher = new StatusPublisher(site, { id: 'acme', name: 'Acme Status', url: 'https://status.acme.test' }, clock, brand);
  const api = component('API', { group: 'Platform', description: 'Public REST API' });
  const db = component('Database', { group: 'Platform' });
  const web = component('Website');
  for (const c of [api, db, web]) publisher.apply(componentCreated(c));
  const text = (path: string) => site.get(path)?.body.toString('utf8') ?? '';
  running.push(publisher);
  return { clock, site, publisher, api, db, web, text };
}

describe('StatusPublisher: the rendered site', () => {
  it('shows the banner, the affected components and the update timeline, newest first, in UTC with <time datetime>', () => {
    const { publisher, api, text } = setup();
    publisher.apply(published({ incidentId: INCIDENT, title: 'Elevated API errors', status: 'investigating', impact: 'major', body: 'We are looking into errors.', at: '2026-03-01T10:00:00Z', components: [{ c: api, status: 'partial_outage' }] }));
    publisher.apply(published({ incidentId: INCIDENT, title: 'Elevated API errors', status: 'identified', impact: 'major', body: 'A bad deploy.\n\nRolling back now.', at: '2026-03-01T10:20:00Z' }));
    publisher.render();
    const html = text('/');
    expect(html).toContain('<p class="banner major" role="status">Partial System Outage</p>');
    expect(html).toContain('<h2 id="active-incidents">Active incidents</h2>');
    expect(html).toContain(`<a href="/incidents/${INCIDENT}">Elevated API errors</a>`);
    expect(html).toContain('Affects: API');
    expect(html.indexOf('Rolling back now.')).toBeLessThan(html.indexOf('We are looking into errors.'));
    expect(html).toContain('<p>A bad deploy.</p><p>Rolling back now.</p>');
    expect(html).toContain('<time datetime="2026-03-01T10:20:00.000Z" data-local>1 Mar 2026, 10:20 UTC</time>');
    expect(html).toMatch(/<span class="name">API<span class="description">Public REST API<\/span><\/span><span class="status partial_outage">Partial outage<\/span>/);
    // The page needs no script: the only one is the optional, deferred time localiser.
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).toMatch(/<script src="\/assets\/local-time\.js\?v&#x3D;[0-9a-f]+" defer><\/script>/);
    expect(html).toMatch(/<main id="main"/);
    expect(html).toContain('<a class="skip" href="#main">');
  });

  it('colours the 90-day bar and describes incident days as text', () => {
    const { publisher, clock, web, text } = setup();
    publisher.apply(published({ incidentId: OLD, title: 'Website slow', status: 'investigating', impact: 'minor', at: '2026-02-10T08:00:00Z', components: [{ c: web, status: 'degraded_performance' }] }));
    publisher.apply(published({ incidentId: OLD, title: 'Website slow', status: 'resolved', impact: 'minor', at: '2026-02-10T09:00:00Z' }));
    clock.set('2026-03-01T10:30:00Z');
    publisher.render();
    const html = text('/');
    expect(html).toContain('<li class="minor w1" title="10 Feb 2026: degraded performance, Website slow"></li>');
    // Quiet runs are one cell each: before the component existed, before the incident, after it.
    expect(html).toContain('<li class="nodata w30" title="2 Dec 2025 to 31 Dec 2025: no data"></li><li class="none w40" title="1 Jan 2026 to 9 Feb 2026: no incidents"></li><li class="minor w1"');
    expect(html).toContain('<li class="none w19" title="11 Feb 2026 to 1 Mar 2026: no incidents"></li></ol>');
    expect(html).toContain('1 day with incidents in the last 90 days');
    expect(html).toContain('<li>10 Feb 2026: degraded performance, Website slow</li>');
    expect(html).toContain('<ol class="bar" aria-hidden="true">');
    // Past incidents, by month.
    expect(html).toMatch(/<h3>February 2026<\/h3>\s*<ul class="past">\s*<li><a href="\/incidents\/10000000-0000-4000-8000-000000000009">Website slow<\/a>/);
    expect(html).toMatch(/<h3>March 2026<\/h3>\s*<p class="meta">No incidents reported.<\/p>/);
    expect(text('/history')).toContain('Website slow');
  });

  it('shows upcoming and active maintenance from the clock, without an event at the window\'s start', () => {
    const { publisher, clock, db, text } = setup();
    publisher.apply(
      published({ incidentId: MAINTENANCE, subject: 'maintenance', kind: 'maintenance_scheduled', title: 'Database upgrade', status: 'scheduled', impact: 'maintenance', at: '2026-03-01T09:00:00Z', scheduledFor: '2026-03-02T01:00:00Z', scheduledUntil: '2026-03-02T03:00:00Z', components: [{ c: db, status: 'under_maintenance' }] }),
    );
    publisher.render();
    expect(text('/')).toContain('<h2 id="upcoming-maintenance">Scheduled maintenance</h2>');
    expect(text('/')).toContain('<p class="banner none" role="status">All Systems Operational</p>');
    clock.set('2026-03-02T01:30:00Z');
    publisher.render();
    expect(text('/')).toContain('<h2 id="active-maintenance">Maintenance in progress</h2>');
    expect(text('/')).toContain('<p class="banner maintenance" role="status">Service Under Maintenance</p>');
    expect(text('/')).toMatch(/<span class="name">Database<\/span><span class="status under_maintenance">Under maintenance<\/span>/);
  });

  it('renders an incident page at its permalink, with the public post-mortem under it', () => {
    const { publisher, api, text, site } = setup();
    publisher.apply(published({ incidentId: INCIDENT, title: 'Elevated API errors', status: 'investigating', at: '2026-03-01T10:00:00Z', components: [{ c: api, status: 'partial_outage' }] }));
    publisher.apply(published({ incidentId: INCIDENT, title: 'Elevated API errors', status: 'resolved', at: '2026-03-01T10:20:00Z' }));
    publisher.apply(published({ incidentId: INCIDENT, kind: 'postmortem', status: 'postmortem', title: 'What happened on 1 March', body: 'A configuration change removed a cache.\n\nWe now canary every change.', at: '2026-03-03T10:00:00Z' }));
    publisher.render();
    const page = text(`/incidents/${INCIDENT}`);
    expect(page).toContain('<h1 id="incident-title">Elevated API errors</h1>');
    expect(page).toContain('<h2 id="postmortem-heading">Post-incident review: What happened on 1 March</h2>');
    expect(page).toContain('<p>We now canary every change.</p>');
    expect(page).toContain(`https://status.acme.test/incidents/${INCIDENT}`);
    expect(site.get('/incidents/unknown')).toBeUndefined();
  });

  it('writes titles and bodies with markup as text in the HTML, the incident page, the feeds and the JSON', () => {
    const { publisher, api, web, text } = setup();
    publisher.apply(componentCreated({ ...web, id: '00000000-0000-4000-8000-0000000000aa', name: `<b>${XSS}</b>` }));
    publisher.apply(published({ incidentId: INCIDENT, title: `Title ${XSS}`, status: 'investigating', body: `Body ${XSS}\nline two`, at: '2026-03-01T10:00:00Z', components: [{ c: api, status: 'major_outage' }] }));
    publisher.apply(published({ incidentId: INCIDENT, kind: 'postmortem', title: `PM ${XSS}`, status: 'postmortem', body: `Post-mortem ${XSS}`, at: '2026-03-01T10:10:00Z' }));
    publisher.render();
    for (const path of ['/', `/incidents/${INCIDENT}`, '/history']) {
      const html = text(path);
      expect([path, html.includes('<script>alert')]).toEqual([path, false]);
      expect([path, /<img src=x/.test(html)]).toEqual([path, false]);
    }
    expect(text('/')).toContain('Title &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;]]&gt;');
    expect(text(`/incidents/${INCIDENT}`)).toContain('<p>Body &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');

    for (const feed of ['/history.rss', '/history.atom']) {
      const xml = text(feed);
      // Inside CDATA (which readers render as HTML) the markup is escaped, and ]]> cannot end the section early.
      expect([feed, xml.includes('<script>'), xml.includes('<img'), (xml.match(/]]>/g) ?? []).length === (xml.match(/<!\[CDATA\[/g) ?? []).length]).toEqual([feed, false, false, true]);
      expect(xml).toContain('Title &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    }
    const json = text('/api/v2/summary.json');
    expect(json).not.toMatch(/[<>]/);
    const parsed = JSON.parse(json) as { incidents: { name: string; incident_updates: { body: string }[] }[] };
    expect(parsed.incidents[0].name).toBe(`Title ${XSS}`);
    expect(parsed.incidents[0].incident_updates[0].body).toBe(`Body ${XSS}\nline two`);
  });

  it('serves every document from memory with an ETag that changes only when the bytes do', () => {
    const { publisher, site, api } = setup();
    publisher.render();
    const before = site.get('/api/v2/summary.json')!;
    const css = site.get('/assets/status-page.css')!;
    publisher.render();
    expect(site.get('/api/v2/summary.json')!.etag).toBe(before.etag);
    expect(site.get('/api/v2/summary.json')!.lastModified).toBe(before.lastModified);
    publisher.apply(published({ incidentId: INCIDENT, status: 'investigating', at: '2026-03-01T10:00:00Z', components: [{ c: api, status: 'major_outage' }] }));
    publisher.render();
    expect(site.get('/api/v2/summary.json')!.etag).not.toBe(before.etag);
    expect(site.get('/assets/status-page.css')!.etag).toBe(css.etag);
    expect(site.paths().sort()).toEqual(
      [
        '/',
        '/history',
        '/history.rss',
        '/history.atom',
        '/assets/status-page.css',
        '/assets/local-time.js',
        `/incidents/${INCIDENT}`,
        '/api/v2/summary.json',
        '/api/v2/status.json',
        '/api/v2/components.json',
        '/api/v2/incidents.json',
        '/api/v2/incidents/unresolved.json',
        '/api/v2/scheduled-maintenances.json',
        '/api/v2/scheduled-maintenances/upcoming.json',
        '/api/v2/scheduled-maintenances/active.json',
      ].sort(),
    );
  });

  it('brands the page from configuration, darkening an accent too light for AA contrast', () => {
    const brand = branding({ name: 'Acme Status', logoUrl: 'https://cdn.acme.test/logo.svg', accent: '#FFD700', links: [{ label: 'Support & help', url: 'https://acme.test/support?a=1&b=2' }] });
    expect(brand.accentAccessible).not.toBe('#ffd700');
    expect(contrastRatio(brand.accentAccessible, '#ffffff')).toBeGreaterThanOrEqual(4.5);
    expect(accessibleAccent('#0969da')).toBe('#0969da');
    const { publisher, site, text } = setup(brand);
    publisher.render();
    const html = text('/');
    expect(html).toContain('<img src="https://cdn.acme.test/logo.svg" alt=""');
    expect(html).toContain('<a href="https://acme.test/support?a&#x3D;1&amp;b&#x3D;2" rel="noopener">Support &amp; help</a>');
    expect(html).toContain(`<meta name="theme-color" content="${brand.accentAccessible}">`);
    expect(text('/assets/status-page.css')).toContain(`--accent: ${brand.accentAccessible};`);
    const csp = site.get('/')!.headers200[site.get('/')!.headers200.indexOf('Content-Security-Policy') + 1];
    expect(csp).toBe("default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data: https://cdn.acme.test; form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
  });
});
