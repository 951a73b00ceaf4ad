import { resolvePolicy } from '../policy/policy-file';

describe('the alert section of the policy', () => {
  it('has the two example rules and a five-minute signature age by default', () => {
    const alerts = resolvePolicy().alerts;
    expect(alerts.signatureMaxAge).toBe(300_000);
    expect(alerts.detection.map((r) => [r.name, r.declare.severity, r.declare.trigger])).toEqual([
      ['critical alerts on two or more components', 'P1', 'multi_customer_impact'],
      ['customers_affected annotation of 50 or more', 'P1', 'multi_customer_impact'],
    ]);
  });

  it('lets a file replace the rules and keep the other defaults', () => {
    const alerts = resolvePolicy({ alerts: { detection: [{ name: 'three pages', when: { labels: { severity: 'page' }, minComponents: 3 }, declare: { severity: 'P2' } }] } }).alerts;
    expect(alerts.detection).toEqual([{ name: 'three pages', when: { labels: { severity: 'page' }, minComponents: 3 }, declare: { severity: 'P2', trigger: 'multi_customer_impact' } }]);
    expect(alerts.signatureMaxAge).toBe(300_000);
    expect(resolvePolicy({ alerts: { detection: [] } }).alerts.detection).toEqual([]);
  });

  it('refuses a rule that tests nothing, naming where', () => {
    expect(() => resolvePolicy({ alerts: { detection: [{ name: 'empty', when: {}, declare: { severity: 'P1' } }] } })).toThrow(/alerts\.detection\.0\.when.*minComponents/);
    expect(() => resolvePolicy({ alerts: { detection: [{ name: 'half', when: { annotation: 'customers_affected' }, declare: { severity: 'P1' } }] } })).toThrow(/annotation and atLeast go together/);
  });
});
