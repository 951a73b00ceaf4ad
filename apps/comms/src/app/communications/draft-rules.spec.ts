import {
  allClearPlan,
  defaultChannels,
  defaultKind,
  draftsFirstNoticeOnDeclare,
  draftsFirstNoticeOnEscalation,
  firstNoticePlan,
  nextUpdatePlan,
  onCustomerClock,
  publicStatusOf,
  redraftsFirstNoticeOnComponents,
  resolvedPlan,
} from './draft-rules';

const A = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const B = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';

describe('draft rules', () => {
  it('maps the lifecycle to the public status', () => {
    expect(['declared', 'investigating', 'identified', 'monitoring', 'resolved', 'recovery_watch', 'closed'].map((s) => publicStatusOf(s as never))).toEqual([
      'investigating',
      'investigating',
      'identified',
      'monitoring',
      'resolved',
      'resolved',
      'resolved',
    ]);
  });

  it('drafts the first notice on declaration for P1 and P2 only', () => {
    expect(['P1', 'P2', 'P3', 'P4'].map((s) => draftsFirstNoticeOnDeclare(s as never))).toEqual([true, true, false, false]);
  });

  it('drafts the first notice when a minor incident becomes major, unless customers were told or a draft waits', () => {
    expect(draftsFirstNoticeOnEscalation({ from: 'P3', to: 'P1', pendingDrafts: 0, published: 0 })).toBe(true);
    expect(draftsFirstNoticeOnEscalation({ from: 'P4', to: 'P2', pendingDrafts: 0, published: 0 })).toBe(true);
    expect(draftsFirstNoticeOnEscalation({ from: 'P2', to: 'P1', pendingDrafts: 0, published: 0 })).toBe(false);
    expect(draftsFirstNoticeOnEscalation({ from: 'P3', to: 'P1', pendingDrafts: 1, published: 0 })).toBe(false);
    expect(draftsFirstNoticeOnEscalation({ from: 'P3', to: 'P1', pendingDrafts: 0, published: 1 })).toBe(false);
    expect(draftsFirstNoticeOnEscalation({ from: 'P1', to: 'P3', pendingDrafts: 0, published: 0 })).toBe(false);
  });

  it('presumes the affected components down as the severity says, on the severity\'s channels', () => {
    expect(firstNoticePlan({ severity: 'P1', status: 'declared', componentIds: [A, B, A] })).toEqual({
      kind: 'initial',
      status: 'investigating',
      impact: 'critical',
      components: [
        { id: A, status: 'major_outage' },
        { id: B, status: 'major_outage' },
      ],
      channels: ['status_page', 'email', 'sms', 'slack'],
    });
    expect(firstNoticePlan({ severity: 'P2', status: 'identified', componentIds: [A] })).toMatchObject({ status: 'identified', impact: 'major', components: [{ id: A, status: 'partial_outage' }], channels: ['status_page', 'email', 'slack'] });
    expect(defaultChannels('P4')).toEqual(['status_page', 'email']);
  });

  it('carries the last published impact, components and channels into the next update, with the current status', () => {
    const last = { status: 'investigating' as const, impact: 'major' as const, components: [{ id: A, status: 'partial_outage' as const }], channels: ['status_page' as const, 'email' as const] };
    expect(nextUpdatePlan({ severity: 'P1', status: 'identified', componentIds: [A, B] }, last)).toEqual({
      kind: 'update',
      status: 'identified',
      impact: 'major',
      components: [
        { id: A, status: 'partial_outage' },
        { id: B, status: 'major_outage' },
      ],
      channels: ['status_page', 'email'],
    });
    expect(nextUpdatePlan({ severity: 'P1', status: 'declared', componentIds: [] }, null)).toMatchObject({ kind: 'initial', status: 'investigating' });
    // A clock firing after resolution drafts the resolved notice, not an "investigating" update.
    expect(nextUpdatePlan({ severity: 'P1', status: 'recovery_watch', componentIds: [] }, last)).toMatchObject({ kind: 'resolved', status: 'resolved' });
  });

  it('resolves everything customers heard about, on every channel', () => {
    const last = { status: 'monitoring' as const, impact: 'critical' as const, components: [{ id: A, status: 'major_outage' as const }], channels: ['status_page' as const] };
    expect(resolvedPlan({ severity: 'P1', status: 'resolved', componentIds: [B] }, last)).toEqual({
      kind: 'resolved',
      status: 'resolved',
      impact: 'critical',
      components: [
        { id: A, status: 'operational' },
        { id: B, status: 'operational' },
      ],
      channels: ['status_page', 'email', 'sms', 'slack'],
    });
    expect(allClearPlan({ severity: 'P2', status: 'recovery_watch', componentIds: [] }, null)).toMatchObject({ kind: 'all_clear', status: 'resolved', impact: 'major', components: [] });
  });

  it('drafts on a customer clock unless a draft is already pending', () => {
    const base = { incidentStatus: 'investigating' as const, pendingDrafts: 0, published: 1 };
    expect(onCustomerClock({ ...base, deadlineKind: 'customer_update' })).toEqual({ draft: 'update' });
    expect(onCustomerClock({ ...base, deadlineKind: 'customer_update', pendingDrafts: 1 })).toEqual({ skip: 'a draft for this incident is already waiting for approval' });
    expect(onCustomerClock({ ...base, deadlineKind: 'first_customer_notice', published: 0 })).toEqual({ draft: 'initial' });
    expect(onCustomerClock({ ...base, deadlineKind: 'first_customer_notice' })).toEqual({ skip: 'customers have already been told' });
    expect(onCustomerClock({ ...base, deadlineKind: 'customer_update', published: 0 })).toEqual({ draft: 'initial' });
    expect(onCustomerClock({ ...base, deadlineKind: 'executive_update' })).toEqual({ skip: 'executive_update is not a customer clock' });
    expect(onCustomerClock({ ...base, deadlineKind: 'customer_update', incidentStatus: 'closed' })).toEqual({ skip: 'the incident is closed' });
  });

  it('names a person\'s draft by its status when they do not', () => {
    expect(defaultKind('investigating', 0)).toBe('initial');
    expect(defaultKind('identified', 2)).toBe('update');
    expect(defaultKind('resolved', 2)).toBe('resolved');
    expect(defaultKind('postmortem', 3)).toBe('postmortem');
  });
});

describe('redrafting the first notice when components join the incident', () => {
  it('redrafts the first notice comms wrote by itself while it waits and nothing is published', () => {
    expect(redraftsFirstNoticeOnComponents({ pending: [{ kind: 'initial', origin: 'auto' }], published: 0 })).toBe(true);
  });

  it("leaves a person's draft, a published incident, and anything but a lone first notice alone", () => {
    expect(redraftsFirstNoticeOnComponents({ pending: [{ kind: 'initial', origin: 'person' }], published: 0 })).toBe(false);
    expect(redraftsFirstNoticeOnComponents({ pending: [{ kind: 'initial', origin: 'auto' }], published: 1 })).toBe(false);
    expect(redraftsFirstNoticeOnComponents({ pending: [], published: 0 })).toBe(false);
    expect(redraftsFirstNoticeOnComponents({ pending: [{ kind: 'initial', origin: 'auto' }, { kind: 'initial', origin: 'person' }], published: 0 })).toBe(false);
  });
});
