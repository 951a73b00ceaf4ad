import { executiveSummary } from './executive-summary';

describe('the executive summary', () => {
  it('says what the incident is, how long it has been open and what customers were told', () => {
    const summary = executiveSummary({
      reference: 'INC-0007',
      title: 'Payments failing',
      severity: 'P1',
      status: 'identified',
      declaredAt: new Date('2026-11-26T10:00:00Z'),
      now: new Date('2026-11-26T11:05:00Z'),
      lastPublished: { status: 'identified', body: 'We found the cause.', publishedAt: new Date('2026-11-26T10:50:00Z') },
    });
    expect(summary.subject).toBe('[Executive update] INC-0007 Payments failing: identified, 1h 5m');
    expect(summary.text).toContain('Customers were last told (identified, 10:50 UTC): We found the cause.');
  });

  it('says so when customers have not been told yet', () => {
    const summary = executiveSummary({ reference: 'INC-1', title: 't', severity: 'P1', status: 'declared', declaredAt: new Date(0), now: new Date(30 * 60_000), lastPublished: null });
    expect(summary.text).toContain('open for 30m');
    expect(summary.text).toContain('Customers have not been told anything yet.');
  });
});
