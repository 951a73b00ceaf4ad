import { declareFromAlertsInput, declaredComponentIds, titleFromAlertNames } from './declare-from-alerts.command';

describe('declaring from waiting alerts', () => {
  it('names the incident after its alerts, at most three of them and how many more', () => {
    expect(titleFromAlertNames(['CheckoutErrors'])).toBe('CheckoutErrors');
    expect(titleFromAlertNames(['A', 'B', 'C', 'D', 'E'])).toBe('A, B, C and 2 more');
    expect(titleFromAlertNames(['x'.repeat(150), 'y'.repeat(150)])).toHaveLength(200);
  });

  it('needs at least one alert id and a severity, and takes nothing else', () => {
    expect(declareFromAlertsInput.safeParse({ alertIds: [], severity: 'P2' }).success).toBe(false);
    expect(declareFromAlertsInput.safeParse({ alertIds: ['a0c6a3a8-5d0e-4a51-9d21-0c1a3c5b7e11'] }).success).toBe(false);
    expect(declareFromAlertsInput.safeParse({ alertIds: ['a0c6a3a8-5d0e-4a51-9d21-0c1a3c5b7e11'], severity: 'P2', trigger: 'manual' }).success).toBe(false);
    expect(declareFromAlertsInput.safeParse({ alertIds: ['a0c6a3a8-5d0e-4a51-9d21-0c1a3c5b7e11'], severity: 'P2' }).success).toBe(true);
  });

  it("declares on the alerts' components and those the person added, each once; the alerts' own cannot be left out", () => {
    expect(declaredComponentIds(['c1', 'c2', 'c1'])).toEqual(['c1', 'c2']);
    expect(declaredComponentIds(['c1', 'c2'], ['c2', 'c3'])).toEqual(['c1', 'c2', 'c3']);
    // A person's list without an alert's component adds to it, never replaces it.
    expect(declaredComponentIds(['c1'], ['c3'])).toEqual(['c1', 'c3']);
    const many = Array.from({ length: 100 }, (_, i) => `c${i}`);
    expect(declaredComponentIds(many, ['c0'])).toHaveLength(100);
    expect(declaredComponentIds(many, ['c100'])).toBeNull();
  });

  it('takes optional extra component ids, as UUIDs', () => {
    const alertIds = ['a0c6a3a8-5d0e-4a51-9d21-0c1a3c5b7e11'];
    expect(declareFromAlertsInput.safeParse({ alertIds, severity: 'P2', componentIds: ['5b1f0c2e-7d3a-4c8e-9f10-2a3b4c5d6e7f'] }).success).toBe(true);
    expect(declareFromAlertsInput.safeParse({ alertIds, severity: 'P2', componentIds: ['checkout'] }).success).toBe(false);
  });
});
