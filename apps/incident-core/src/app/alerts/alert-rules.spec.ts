import { resolvePolicy } from '../policy/policy-file';
import { CandidateAlert, componentsFor, componentsJoining, counts, declarationFor, detect, detectionStanding, largestCustomersAffected, parseMatcher, signalsFor, transitionOf } from './alert-rules';

const rules = resolvePolicy().alerts.detection;
const alert = (id: string, labels: Record<string, string>, componentIds: string[], annotations: Record<string, string> = {}): CandidateAlert => ({ id, name: labels.alertname ?? id, labels, annotations, componentIds });

describe('label matchers', () => {
  it("parses Alertmanager's four operators and refuses anything else", () => {
    expect(parseMatcher('service="checkout"')).toEqual({ label: 'service', op: '=', value: 'checkout' });
    expect(parseMatcher('env=~"prod|staging"')).toEqual({ label: 'env', op: '=~', value: 'prod|staging' });
    expect(parseMatcher('team != "infra"')).toEqual({ label: 'team', op: '!=', value: 'infra' });
    expect(parseMatcher('a!~"x.*"')?.op).toBe('!~');
    expect(parseMatcher('service=checkout')).toBeNull();
    expect(parseMatcher('9service="x"')).toBeNull();
    expect(parseMatcher('env=~"("')).toBeNull();
  });

  it('maps an alert to every component whose matchers all hold, regular expressions anchored', () => {
    const mappings = [
      { matchers: ['service="checkout"'], componentId: 'checkout' },
      { matchers: ['service=~"pay.*"', 'env="prod"'], componentId: 'payments' },
      { matchers: ['region=~"eu"'], componentId: 'eu' },
    ];
    expect(componentsFor({ service: 'checkout' }, mappings)).toEqual(['checkout']);
    expect(componentsFor({ service: 'payments', env: 'prod' }, mappings)).toEqual(['payments']);
    expect(componentsFor({ service: 'payments', env: 'dev' }, mappings)).toEqual([]);
    expect(componentsFor({ service: 'x', region: 'eu-west-1' }, mappings)).toEqual([]);
  });
});

describe('transitions', () => {
  it('tells first sight, re-fire, resolution and repeats apart', () => {
    expect(transitionOf(null, 'firing')).toBe('new_firing');
    expect(transitionOf(null, 'resolved')).toBe('new_resolved');
    expect(transitionOf('resolved', 'firing')).toBe('refired');
    expect(transitionOf('firing', 'resolved')).toBe('resolved');
    expect(transitionOf('firing', 'firing')).toBe('still_firing');
    expect(transitionOf('resolved', 'resolved')).toBe('still_resolved');
  });
});

describe('detection rules (the default policy)', () => {
  it('declares a P1 for critical alerts on two or more components, with the largest customer count', () => {
    const found = detect(rules, [alert('a', { alertname: 'Errors', severity: 'critical' }, ['c1'], { customers_affected: '30' }), alert('b', { alertname: 'Latency', severity: 'critical' }, ['c2'], { customers_affected: '40' })]);
    expect(found?.rule.name).toBe('critical alerts on two or more components');
    expect(found?.componentIds).toEqual(['c1', 'c2']);
    expect(found?.customersAffected).toBe(40);
    const plan = declarationFor(found!, { c1: 'Checkout API', c2: 'Payments API' });
    expect(plan).toMatchObject({ severity: 'P1', trigger: 'multi_customer_impact', componentIds: ['c1', 'c2'], customersAffected: 40, title: 'Errors, Latency on Checkout API, Payments API' });
  });

  it('does not declare for one component, nor for warnings on two', () => {
    expect(detect(rules, [alert('a', { severity: 'critical' }, ['c1']), alert('b', { severity: 'critical' }, ['c1'])])).toBeNull();
    expect(detect(rules, [alert('a', { severity: 'warning' }, ['c1']), alert('b', { severity: 'warning' }, ['c2'])])).toBeNull();
  });

  it('declares for one alert whose customers_affected annotation is 50 or more, whatever its severity', () => {
    expect(detect(rules, [alert('a', { severity: 'warning' }, [], { customers_affected: '49' })])).toBeNull();
    const found = detect(rules, [alert('a', { severity: 'warning' }, [], { customers_affected: '50' })]);
    expect(found?.rule.name).toBe('customers_affected annotation of 50 or more');
    expect(found?.customersAffected).toBe(50);
    expect(detect(rules, [alert('a', {}, [], { customers_affected: 'many' })])).toBeNull();
  });

  it('takes the largest count, not the sum (components share customers)', () => {
    expect(largestCustomersAffected([{ annotations: { customers_affected: '10' } }, { annotations: { customers_affected: '70' } }, { annotations: {} }])).toBe(70);
    expect(largestCustomersAffected([{ annotations: {} }])).toBeNull();
  });
});

describe('health signals from linked alerts', () => {
  const change = (over: Partial<Parameters<typeof signalsFor>[0][number]>) => ({ incidentId: 'i', incidentStatus: 'monitoring', alertId: 'a', firedForIncident: false, resolved: false, ...over });

  it('is one healthy signal when the last firing alert of a monitoring incident resolves', () => {
    expect(signalsFor([change({ resolved: true })], () => 0)).toEqual([{ incidentId: 'i', healthy: true, alertId: null }]);
    expect(signalsFor([change({ resolved: true })], () => 1)).toEqual([]);
  });

  it('is one unhealthy signal when a linked alert fires again while monitoring or in the recovery watch', () => {
    expect(signalsFor([change({ firedForIncident: true, alertId: 'x' }), change({ resolved: true })], () => 0)).toEqual([{ incidentId: 'i', healthy: false, alertId: 'x' }]);
    expect(signalsFor([change({ incidentStatus: 'recovery_watch', firedForIncident: true })], () => 1)).toEqual([{ incidentId: 'i', healthy: false, alertId: 'a' }]);
  });

  it('says nothing while the incident is still being worked on', () => {
    expect(signalsFor([change({ incidentStatus: 'investigating', firedForIncident: true }), change({ incidentStatus: 'investigating', resolved: true })], () => 0)).toEqual([]);
  });
});

describe('what an open detection absorbs', () => {
  it('only alerts a rule would count: on a component for the component rule, over the line for the annotation rule', () => {
    expect(counts(rules, alert('a', { severity: 'critical' }, ['c1']))).toBe(true);
    expect(counts(rules, alert('a', { severity: 'critical' }, []))).toBe(false);
    expect(counts(rules, alert('a', { severity: 'warning' }, ['c1']))).toBe(false);
    expect(counts(rules, alert('a', { severity: 'warning' }, [], { customers_affected: '80' }))).toBe(true);
  });
});

describe('the alerts a detection takes', () => {
  it('leaves out alerts the rule does not count (a critical alert on no component)', () => {
    const found = detect(rules, [alert('a', { severity: 'critical' }, ['c1']), alert('b', { severity: 'critical' }, ['c2']), alert('c', { severity: 'critical' }, [])]);
    expect(found?.alerts.map((a) => a.id)).toEqual(['a', 'b']);
  });
});

describe('what an open detection means for the alerts a rule counts', () => {
  const opened = new Date('2026-11-30T12:00:00Z');
  const later = (ms: number) => new Date(opened.getTime() + ms);
  it('is nothing to join when none is open', () => {
    expect(detectionStanding(null, opened, 60_000)).toBe('none');
  });

  it('is a declaration to wait for while it is being declared, and abandoned once declaring outlasts the policy', () => {
    const declaring = { state: 'declaring' as const, incidentId: null, incidentStatus: null, openedAt: opened };
    expect(detectionStanding(declaring, later(60_000), 60_000)).toBe('declaring');
    expect(detectionStanding(declaring, later(60_001), 60_000)).toBe('abandoned');
  });

  it('is an incident to join until its fix is in: from resolution on, the detection is over', () => {
    const declared = (status: string | null) => ({ state: 'declared' as const, incidentId: 'i', incidentStatus: status, openedAt: opened });
    for (const status of ['declared', 'investigating', 'identified', 'monitoring']) expect(detectionStanding(declared(status), later(3_600_000), 60_000)).toBe('declared');
    for (const status of ['resolved', 'recovery_watch', 'closed']) expect(detectionStanding(declared(status), opened, 60_000)).toBe('over');
  });
});

describe('the components alerts bring to the incident they joined', () => {
  const incidents = new Map([
    ['p1', { status: 'investigating', componentIds: ['checkout'] }],
    ['old', { status: 'recovery_watch', componentIds: ['search'] }],
  ]);

  it('are the components of its firing alerts it does not have yet, each once, with the alerts that bring them', () => {
    expect(
      componentsJoining(incidents, [
        { incidentId: 'p1', name: 'CheckoutErrors', componentIds: ['checkout'] },
        { incidentId: 'p1', name: 'PaymentsLatency', componentIds: ['payments', 'checkout'] },
        { incidentId: 'p1', name: 'PaymentsErrors', componentIds: ['payments', 'ledger'] },
      ]),
    ).toEqual([{ incidentId: 'p1', componentIds: ['payments', 'ledger'], alertNames: ['PaymentsLatency', 'PaymentsErrors'] }]);
  });

  it('are none once the incident is resolved, or when the alerts bring nothing new', () => {
    expect(componentsJoining(incidents, [{ incidentId: 'old', name: 'SearchDown', componentIds: ['login'] }])).toEqual([]);
    expect(componentsJoining(incidents, [{ incidentId: 'p1', name: 'CheckoutErrors', componentIds: ['checkout'] }])).toEqual([]);
    expect(componentsJoining(incidents, [{ incidentId: 'unknown', name: 'X', componentIds: ['x'] }])).toEqual([]);
  });
});

describe('the declaration a storm over many components makes', () => {
  it('keeps its summary within what the declare command takes', () => {
    const many = Array.from({ length: 100 }, (_, i) => alert(`a${i}`, { severity: 'critical', alertname: `Alert${i}` }, [`component-${i}`]));
    const found = detect(rules, many)!;
    const names = Object.fromEntries(many.map((a, i) => [a.componentIds[0], `A component with a rather long name, as catalogues have, number ${i}`]));
    const plan = declarationFor(found, names);
    expect(plan.summary.length).toBeLessThanOrEqual(5000);
    expect(plan.title.length).toBeLessThanOrEqual(200);
  });
});
