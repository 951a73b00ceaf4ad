import { CannedResponses, cannedStatusOf, scenarioOf } from './canned-responses';

describe('canned responses for the support team', () => {
  const library = new CannedResponses();
  const context = { reference: 'INC-0042', subject: 'Checkout', severity: 'P1', statusPageUrl: 'https://status.example.test' };

  it('picks the scenario from the severity and the status from the incident', () => {
    expect([scenarioOf('P1'), scenarioOf('P2'), scenarioOf('P3')]).toEqual(['outage', 'outage', 'degraded']);
    expect([cannedStatusOf('declared'), cannedStatusOf('monitoring'), cannedStatusOf('recovery_watch')]).toEqual(['investigating', 'monitoring', 'resolved']);
  });

  it('offers every status, the current one first, worded for the scenario', () => {
    const outage = library.forIncident(context, 'identified');
    expect(outage.responses.map((r) => r.status)).toEqual(['identified', 'investigating', 'monitoring', 'resolved']);
    expect(outage.responses[0].text).toContain('Service is still unavailable for many customers');
    const degraded = library.forIncident({ ...context, severity: 'P3' }, 'investigating');
    expect(degraded.responses[0].text).toContain('slower or less reliable than usual (INC-0042)');
  });

  it('keeps text as text: a title with markup is not escaped into entities', () => {
    const { responses } = library.forIncident({ ...context, subject: 'Search & <Sync>' }, 'resolved');
    expect(responses[0].text).toContain('Search & <Sync> (INC-0042)');
  });
});
