import { alertIdsOf, declareFromAlertsDraft } from './waiting-alerts';

const A = '0b8f2c1e-1111-4a4a-8a8a-000000000001';
const B = '0b8f2c1e-1111-4a4a-8a8a-000000000002';
const C1 = { id: '0b8f2c1e-2222-4a4a-8a8a-000000000001', name: 'Checkout API' };
const C2 = { id: '0b8f2c1e-2222-4a4a-8a8a-000000000002', name: 'Payments API' };

describe('declaring from alerts in the console', () => {
  it('starts the declare form from the alerts: their names as the title, their components, each once', () => {
    expect(declareFromAlertsDraft([
      { id: A, name: 'CardGatewayErrors', components: [C1] },
      { id: B, name: 'CheckoutLatency', components: [C1, C2] },
    ])).toEqual({
      alertIds: [A, B],
      alertNames: ['CardGatewayErrors', 'CheckoutLatency'],
      title: 'CardGatewayErrors, CheckoutLatency',
      summary: 'Declared from 2 alert(s): CardGatewayErrors, CheckoutLatency',
      components: [C1, C2],
    });
  });

  it('names at most three alerts in the title', () => {
    const alerts = ['a', 'b', 'c', 'd', 'e'].map((name, i) => ({ id: `${A.slice(0, -1)}${i}`, name, components: [] }));
    expect(declareFromAlertsDraft(alerts).title).toBe('a, b, c and 2 more');
  });

  it('reads alert ids from a query string or form, ignoring what is not an id', () => {
    expect(alertIdsOf([A, 'nope', A, B])).toEqual([A, B]);
    expect(alertIdsOf(A)).toEqual([A]);
    expect(alertIdsOf(undefined)).toEqual([]);
  });
});
