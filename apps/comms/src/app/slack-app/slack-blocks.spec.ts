import { customerUpdateModal, declareFromAlertsModal, recurrence, reminder, waitingAlerts } from './slack-blocks';

const INCIDENT = '0b0f8f3e-8a6e-4c55-9a55-3f1f5a0c1d01';
const buttons = (blocks: unknown[]) =>
  JSON.parse(JSON.stringify(blocks)).flatMap((b: { elements?: { action_id?: string; value?: string }[]; accessory?: { action_id?: string; value?: string } }) => [...(b.elements ?? []), ...(b.accessory ? [b.accessory] : [])]).filter((e: { action_id?: string }) => e.action_id);

describe('the buttons on what the Slack app posts', () => {
  it('gives every clock reminder a person meets by acting the button that does what it asks', () => {
    expect(buttons(reminder('due', 'assessment', INCIDENT)).map((b: { action_id: string }) => b.action_id)).toEqual(['reminder_assess']);
    expect(buttons(reminder('due', 'executive_update', INCIDENT)).map((b: { action_id: string }) => b.action_id)).toEqual(['reminder_exec_update']);
    for (const kind of ['first_customer_notice', 'customer_update']) {
      expect(buttons(reminder('due', kind, INCIDENT))).toEqual([expect.objectContaining({ action_id: 'reminder_customer_update', value: INCIDENT, text: expect.objectContaining({ text: 'Post the update' }) })]);
    }
    // Clocks nobody meets by pressing a button (they pass, or are met by monitoring) carry none.
    expect(buttons(reminder('due', 'stability_window', INCIDENT))).toEqual([]);
  });

  it('offers Reopen on a possible recurrence, carrying the incident and what reported it', () => {
    const [button] = buttons(recurrence('Possible recurrence', INCIDENT, 'alertmanager "Prometheus prod"'));
    expect(button.action_id).toBe('recurrence_reopen');
    expect(JSON.parse(button.value)).toEqual({ incidentId: INCIDENT, source: 'alertmanager "Prometheus prod"' });
  });

  it('lists waiting alerts with a Declare button each and one for all of them, escaping what monitoring wrote', () => {
    const list = {
      total: 3,
      alerts: [
        { id: 'a1', name: 'CheckoutErrors <!channel>', severity: 'critical', summary: 'see <https://evil.example|here>', components: [{ name: 'Checkout API' }], firstReceivedAt: '2026-11-29T10:04:00.000Z' },
        { id: 'a2', name: 'SearchDown', severity: null, summary: null, components: [], firstReceivedAt: '2026-11-29T10:05:00.000Z' },
      ],
    };
    const view = waitingAlerts(list);
    expect(view.text).toBe(':bell: 3 alerts from monitoring wait for someone to declare (the oldest 2 shown)');
    expect(buttons(view.blocks).map((b: { action_id: string; value: string }) => [b.action_id, b.value])).toEqual([
      ['alerts_declare', 'a1'],
      ['alerts_declare', 'a2'],
      ['alerts_declare', 'a1,a2'],
    ]);
    const shown = JSON.stringify(view.blocks);
    expect(shown).toContain('CheckoutErrors &lt;!channel&gt;');
    expect(shown).not.toContain('<https://evil.example');
    expect(shown).toContain('SearchDown* · no component · firing since 10:05 UTC');
    expect(waitingAlerts({ total: 0, alerts: [] }).text).toMatch(/^No alerts are waiting/);
  });

  it('prefills the declare form from alerts and keeps their ids for the submission', () => {
    const view = declareFromAlertsModal([{ id: 'a1', name: 'CheckoutErrors', components: [{ id: 'c-checkout', name: 'Checkout API' }] }], 'CheckoutErrors', { responseUrl: 'x' });
    expect(view.callback_id).toBe('declare_from_alerts');
    expect(JSON.parse(String(view.private_metadata))).toEqual({ responseUrl: 'x', alertIds: ['a1'] });
    expect(JSON.stringify(view.blocks)).toContain('"initial_value":"CheckoutErrors"');
    expect(JSON.stringify(view.blocks)).toContain('Components: Checkout API.');
  });

  it("lets the person add components from the catalogue to the alerts' own, which open chosen", () => {
    const catalogue = [
      { id: 'c-search', name: 'Search' },
      { id: 'c-checkout', name: 'Checkout API' },
      { id: 'c-payments', name: 'Payments' },
    ];
    const alerts = [{ id: 'a1', name: 'CheckoutErrors', components: [{ id: 'c-checkout', name: 'Checkout API' }] }];
    const view = declareFromAlertsModal(alerts, 'CheckoutErrors', {}, catalogue);
    const input = (view.blocks as { block_id?: string; element?: { options: { value: string }[]; initial_options?: { value: string }[] } }[]).find((b) => b.block_id === 'components')!;
    expect(input.element!.options.map((o) => o.value)).toEqual(['c-checkout', 'c-search', 'c-payments']);
    expect(input.element!.initial_options!.map((o) => o.value)).toEqual(['c-checkout']);
    // No catalogue yet (comms has not heard of any component): no choice, the alerts' own still apply.
    expect((declareFromAlertsModal(alerts, 'CheckoutErrors', {}).blocks as { block_id?: string }[]).some((b) => b.block_id === 'components')).toBe(false);
  });

  it('opens the customer update as comms would draft it, for the person to correct', () => {
    const view = customerUpdateModal({ title: 'Payments down', status: 'identified', body: 'We found the cause.' }, { incidentId: INCIDENT });
    expect(view.callback_id).toBe('customer_update');
    const shown = JSON.stringify(view.blocks);
    expect(shown).toContain('"initial_value":"Payments down"');
    expect(shown).toContain('"initial_value":"We found the cause."');
    expect(shown).toContain('"initial_option":{"text":{"type":"plain_text","text":"Identified","emoji":true},"value":"identified"}');
  });
});
