import type { Principal } from '@sitrep/auth';
import type { CommunicationView } from '../communications/communication-view';
import { MessageRenderer } from '../templates/message-renderer';
import { editFormValues } from './approval-page.controller';
import { PageViews, queueModel } from './page-views';

const A = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const B = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
const principal: Principal = { tokenId: 't', role: 'comms_lead', personId: null, label: 'Carol <Comms>' };

function draft(over: Partial<CommunicationView> = {}): CommunicationView {
  const content = { kind: 'initial' as const, title: 'Payments <b>down</b>', status: 'investigating' as const, impact: 'critical' as const, body: 'We are on it & "looking".', components: [{ id: A, name: 'Payments', status: 'major_outage' as const }], channels: ['status_page' as const, 'email' as const] };
  return {
    id: '11111111-1111-4111-8111-111111111111',
    incidentId: '22222222-2222-4222-8222-222222222222',
    incident: { reference: 'INC-0001', title: 't', severity: 'P1', status: 'declared', commsLeadId: null },
    subject: 'incident',
    state: 'pending',
    origin: 'auto',
    trigger: 'incident.declared',
    draftedBy: { kind: 'system', id: 'comms', name: 'comms auto-draft' },
    createdAt: '2026-11-26T10:00:00.000Z',
    decidedBy: null,
    decidedAt: null,
    edited: false,
    original: null,
    rejectionReason: null,
    publishedAt: null,
    previews: new MessageRenderer({ pageName: 'Acme' }).previews({ ...content, incident: { reference: 'INC-0001', severity: 'P1' } }),
    ...content,
    ...over,
  };
}

describe('the approval page', () => {
  it('reads the edit form: checkboxes as one value or many, components by id, "not affected" left out', () => {
    expect(editFormValues({ title: 'T', body: 'B', status: 'identified', impact: 'major', channels: 'email', components: { [A]: 'partial_outage', [B]: '' } })).toEqual({
      title: 'T',
      body: 'B',
      status: 'identified',
      impact: 'major',
      channels: ['email'],
      components: { [A]: 'partial_outage' },
    });
    expect(editFormValues({ channels: ['sms', 'slack', 7] })).toMatchObject({ title: '', channels: ['sms', 'slack'], components: {} });
  });

  it('offers every known component, the draft\'s own first, and puts a refused edit\'s errors beside the fields', () => {
    const model = queueModel({
      principal,
      csrf: 'csrf-token',
      flash: null,
      drafts: [draft()],
      components: [{ id: B, name: 'Search' }, { id: A, name: 'Payments' }],
      refused: { id: '11111111-1111-4111-8111-111111111111', values: { title: '', body: 'x', status: 'identified', impact: 'major', channels: [], components: { [B]: 'degraded_performance' } }, problems: [{ field: 'title', reason: 'must not be empty' }, { field: 'channels', reason: 'choose at least one channel' }] },
    });
    const form = model.items[0].form;
    expect(form.components.map((c) => [c.name, c.options.find((o) => o.selected)?.value])).toEqual([
      ['Payments', ''],
      ['Search', 'degraded_performance'],
    ]);
    expect(form.fieldErrors).toEqual({ title: 'must not be empty', channels: 'choose at least one channel' });
    expect(form.errors[0]).toEqual({ anchor: 'title-11111111-1111-4111-8111-111111111111', label: 'Title', reason: 'must not be empty' });
    expect(form.statuses.find((s) => s.selected)?.value).toBe('identified');
  });

  it('escapes everything it shows, and the email preview twice (once as HTML, once as an attribute)', () => {
    const html = new PageViews().queue(queueModel({ principal, csrf: 'c"srf', flash: { kind: 'success', text: '<i>done</i>' }, drafts: [draft()], components: [] }));
    expect(html).not.toMatch(/<b>down<\/b>|<i>done<\/i>|Carol <Comms>/);
    expect(html).toContain('Payments &lt;b&gt;down&lt;/b&gt;');
    expect(html).toContain('value="c&quot;srf"');
    expect(html).toContain('Carol &lt;Comms&gt;');
    // In srcdoc the email's own escaping (&lt;) is escaped again (&amp;lt;), so the frame shows the text.
    expect(html).toContain('&amp;lt;b&amp;gt;down&amp;lt;/b&amp;gt;');
    expect(html).not.toContain('<script');
  });
});
