import { declareFromAlertsInput, titleFromAlertNames } from './declare-from-alerts.command';

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
});
