import { incidentCard, incidentSignature, incidentSubject, missedClockText, sponsorPageText } from './war-room-texts';

const signature = { reference: 'INC-0042', title: 'Payments failing', warRoom: { channelId: 'C0123', channelName: 'incident-20261126-payments-failing' }, consoleUrl: 'https://sitrep.example.test/console/incidents/abc' };

describe('what people read about an incident', () => {
  it('ends every message to a person with the incident, its war room and its console link', () => {
    expect(incidentSignature('slack', signature)).toBe('\n_INC-0042: Payments failing_ · war room <#C0123|incident-20261126-payments-failing> · <https://sitrep.example.test/console/incidents/abc|console>');
    expect(incidentSignature('email', signature)).toBe(
      '\n--\nIncident: INC-0042 "Payments failing"\nWar room: #incident-20261126-payments-failing (https://slack.com/app_redirect?channel=C0123)\nConsole: https://sitrep.example.test/console/incidents/abc',
    );
    expect(incidentSignature('sms', { ...signature, consoleUrl: null })).toBe(' [INC-0042 "Payments failing" war room #incident-20261126-payments-failing]');
    expect(incidentSignature('slack', { ...signature, warRoom: null, consoleUrl: null })).toBe('\n_INC-0042: Payments failing_');
  });

  it('puts the reference in an email subject once', () => {
    expect(incidentSubject('INC-0042', '[Overdue action item] Renew certificates')).toBe('[INC-0042] [Overdue action item] Renew certificates');
    expect(incidentSubject('INC-0042', '[Executive update] INC-0042 Payments failing')).toBe('[Executive update] INC-0042 Payments failing');
  });

  it("pins the incident's real due times, not the seed's defaults", () => {
    const card = incidentCard({
      reference: 'INC-0042',
      title: 'Payments failing',
      severity: 'P1',
      declaredAt: new Date('2026-11-26T10:00:00Z'),
      clocks: [
        { kind: 'assessment', dueAt: '2026-11-26T10:00:06.000Z' },
        { kind: 'first_customer_notice', dueAt: '2026-11-26T10:00:09.000Z' },
        { kind: 'escalation_cto', dueAt: '2026-11-26T10:00:24.000Z' },
      ],
    });
    expect(card).toContain('Clocks: initial assessment due 2026-11-26 10:00:06 UTC; first customer notice due 2026-11-26 10:00:09 UTC; then updates on the cadence.');
    expect(card).not.toContain('15 min');
    expect(card).not.toContain('CTO');
  });

  it('pages the sponsor with what happened, the severity, who commands and where', () => {
    const page = sponsorPageText({ reference: 'INC-0042', title: 'Payments failing', severity: 'P1', commanderName: 'Alice Okoro', warRoom: true });
    expect(page.subject).toBe('Sitrep: you are Executive Sponsor for INC-0042 "Payments failing" (P1)');
    expect(page.text).toContain('Incident Commander: Alice Okoro.');
    expect(page.text).toContain('The war room is open in Slack');
  });

  it('says which clock was missed, when it was due and whose it was', () => {
    const text = missedClockText({ id: 'd', incidentId: 'i', kind: 'assessment', ownerRole: 'commander', ownerPersonId: null, dueAt: '2026-11-26T10:15:00.000Z', state: 'breached', metAt: null }, 'Alice Okoro');
    expect(text).toBe(':warning: Initial assessment missed: it was due at 2026-11-26 10:15 UTC (owner: Alice Okoro).');
  });
});
