import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageContent, MessageRenderer, TemplateError, componentList, paragraphs, truncate } from './message-renderer';

const message = (over: Partial<MessageContent> = {}): MessageContent => ({
  kind: 'initial',
  title: 'Card payments failing',
  status: 'investigating',
  impact: 'critical',
  body: 'We are investigating failed card payments.\n\nMore soon.',
  components: [{ id: '11111111-1111-4111-8111-111111111111', name: 'Payments API', status: 'major_outage' }],
  channels: ['status_page', 'email', 'sms'],
  incident: { reference: 'INC-0042', severity: 'P1' },
  ...over,
});

describe('MessageRenderer', () => {
  const renderer = new MessageRenderer({ pageName: 'Acme Status', statusPageUrl: 'https://status.example.test' });

  it('renders every channel of a message', () => {
    const p = renderer.previews(message());
    expect(p.email.subject).toBe('[Investigating] Card payments failing');
    expect(p.email.html).toContain('<h1 style="margin:0 0 1rem;font-size:22px;line-height:1.3;">Card payments failing</h1>');
    expect(p.email.html).toContain('<li>Payments API: Major outage</li>');
    expect(p.email.html).toContain('href="https://status.example.test"');
    expect(p.email.text).toBe(
      'Card payments failing\nStatus: Investigating\n\nWe are investigating failed card payments.\n\nMore soon.\n\nAffected components:\n- Payments API: Major outage\n\nFollow updates on our status page: https://status.example.test\n\n-- Acme Status\n',
    );
    expect(p.sms).toMatchObject({ encoding: 'GSM-7', segments: 1 });
    expect(p.sms.text).toBe('Acme Status: Card payments failing - Investigating. We are investigating failed card payments. More soon. https://status.example.test');
    expect(p.statusPage).toEqual({
      title: 'Card payments failing',
      status: 'investigating',
      statusLabel: 'Investigating',
      impact: 'critical',
      body: 'We are investigating failed card payments.\n\nMore soon.',
      components: [{ id: '11111111-1111-4111-8111-111111111111', name: 'Payments API', status: 'major_outage', statusLabel: 'Major outage' }],
    });
  });

  it('escapes <script> and every other markup in the HTML email', () => {
    const hostile = '<script>alert("x")</script> & <img src=x onerror=alert(1)>';
    const p = renderer.previews(message({ title: hostile, body: hostile, components: [{ id: '11111111-1111-4111-8111-111111111111', name: '<b>API</b>', status: 'partial_outage' }] }));
    expect(p.email.html).not.toContain('<script>');
    expect(p.email.html).not.toContain('<img');
    expect(p.email.html).not.toContain('<b>API</b>');
    expect(p.email.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
    expect(p.email.html).toContain('&lt;b&gt;API&lt;/b&gt;');
    // Plain-text channels carry the text as written; whoever shows them in HTML escapes them there.
    expect(p.sms.text).toContain('<script>');
    expect(p.email.text).toContain(hostile);
  });

  it('keeps the subject on one line whatever the title holds', () => {
    expect(renderer.previews(message({ title: 'Line one\r\nBcc: victim@example.test' })).email.subject).toBe('[Investigating] Line one Bcc: victim@example.test');
  });

  it('uses the kind\'s own template before the default one', () => {
    expect(renderer.previews(message({ kind: 'resolved', status: 'resolved' })).email.subject).toBe('[Resolved] Card payments failing');
    expect(renderer.previews(message({ kind: 'all_clear', status: 'resolved' })).sms.text).toMatch(/^Acme Status: ALL CLEAR - Card payments failing\./);
    expect(renderer.previews(message({ kind: 'update', status: 'identified' })).email.subject).toBe('[Identified] Card payments failing');
  });

  it('drafts bodies per kind from the incident state', () => {
    const components = [
      { id: '1', name: 'Payments API', status: 'major_outage' as const },
      { id: '2', name: 'Checkout', status: 'major_outage' as const },
    ];
    const ctx = { title: 't', components, incident: { reference: 'INC-1', severity: 'P1' } };
    expect(renderer.draftBody('initial', { ...ctx, status: 'investigating' })).toMatch(/^We are investigating an issue affecting Payments API and Checkout\./);
    expect(renderer.draftBody('update', { ...ctx, status: 'identified' })).toMatch(/^We have identified the cause of the issue affecting Payments API and Checkout/);
    expect(renderer.draftBody('update', { ...ctx, status: 'monitoring' })).toMatch(/^A fix has been put in place/);
    expect(renderer.draftBody('resolved', { ...ctx, status: 'resolved' })).toMatch(/^This incident has been resolved: Payments API and Checkout are operating normally again\./);
    expect(renderer.draftBody('resolved', { ...ctx, components: [components[0]], status: 'resolved' })).toMatch(/Payments API is operating normally/);
    expect(renderer.draftBody('all_clear', { ...ctx, status: 'resolved' })).toMatch(/^All clear:/);
    const external = { summary: 'Card payments failed for 2h 37m.', impact: '7% of customers could not pay.', rootCause: 'An expired certificate.', prevention: 'Certificates now renew automatically.' };
    expect(renderer.render('postmortem', 'draft-body', external)).toContain('Why it happened: An expired certificate.');
  });

  it('renders every kind with every template (the start-up check)', () => {
    expect(() => renderer.check()).not.toThrow();
  });

  describe('overrides from SITREP_TEMPLATES_DIR', () => {
    let dir: string;
    beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'sitrep-templates-'))));
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('replaces a built-in template with the file of the same path, and falls back otherwise', () => {
      mkdirSync(join(dir, 'default'));
      writeFileSync(join(dir, 'default', 'sms.hbs'), 'ACME {{title}} ({{statusLabel status}})');
      mkdirSync(join(dir, 'initial'));
      writeFileSync(join(dir, 'initial', 'email-html.hbs'), '<p>{{body}}</p>');
      const custom = new MessageRenderer({ pageName: 'Acme', overrideDir: dir });
      const p = custom.previews(message({ body: '<script>x</script>' }));
      expect(p.sms.text).toBe('ACME Card payments failing (Investigating)');
      expect(p.email.html).toBe('<p>&lt;script&gt;x&lt;/script&gt;</p>');
      expect(p.email.subject).toBe('[Investigating] Card payments failing');
      // The built-in resolved/sms.hbs is more specific than the override's default/sms.hbs.
      expect(custom.previews(message({ kind: 'resolved', status: 'resolved' })).sms.text).toMatch(/^Acme: RESOLVED/);
      expect(custom.templatePath('update', 'sms')).toBe(join(dir, 'default', 'sms.hbs'));
    });

    it('names the file when an override is broken', () => {
      mkdirSync(join(dir, 'default'));
      writeFileSync(join(dir, 'default', 'sms.hbs'), '{{#if title}}unclosed');
      expect(() => new MessageRenderer({ pageName: 'Acme', overrideDir: dir }).check()).toThrow(TemplateError);
      writeFileSync(join(dir, 'default', 'sms.hbs'), '{{titel}}');
      expect(() => new MessageRenderer({ pageName: 'Acme', overrideDir: dir }).check()).toThrow(/default\/sms\.hbs.*titel/);
    });
  });
});

describe('template helpers', () => {
  it('lists components in prose', () => {
    expect(componentList([])).toBe('our services');
    expect(componentList([{ name: 'A' }])).toBe('A');
    expect(componentList([{ name: 'A' }, { name: 'B' }, { name: 'C' }])).toBe('A, B and C');
  });

  it('splits paragraphs on blank lines', () => {
    expect(paragraphs('a\nb\r\n\r\nc\n\n\n')).toEqual([['a', 'b'], ['c']]);
  });

  it('truncates at a word boundary', () => {
    expect(truncate('short', 10)).toBe('short');
    expect(truncate('alpha beta gamma delta epsilon', 20)).toBe('alpha beta gamma...');
    expect(Array.from(truncate('x'.repeat(50), 20))).toHaveLength(20);
  });
});
