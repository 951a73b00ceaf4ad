import { minorUnitDigits, refuseCompensationAmount } from './compensation-amount';

describe('compensation amounts', () => {
  const ceiling = 100_000;

  it('accepts a positive amount in the currency minor unit, up to the ceiling', () => {
    expect(refuseCompensationAmount(5000, 'USD', ceiling)).toBeNull();
    expect(refuseCompensationAmount(0.01, 'USD', ceiling)).toBeNull();
    expect(refuseCompensationAmount(19.99, 'EUR', ceiling)).toBeNull();
    expect(refuseCompensationAmount(100_000, 'USD', ceiling)).toBeNull();
    expect(refuseCompensationAmount(1.234, 'KWD', ceiling)).toBeNull();
  });

  it('refuses what the probe got onto the timeline: Infinity, 1e308, 1e-300', () => {
    expect(refuseCompensationAmount(Infinity, 'USD', ceiling)).toBe('must be a finite number');
    expect(refuseCompensationAmount(Number.NaN, 'USD', ceiling)).toBe('must be a finite number');
    expect(refuseCompensationAmount(1e308, 'USD', ceiling)).toBe('must be at most 100000 (the configured compensation ceiling)');
    expect(refuseCompensationAmount(1e-300, 'USD', ceiling)).toBe('must have at most 2 decimal places for USD');
  });

  it('refuses zero, negatives and fractions finer than the minor unit', () => {
    expect(refuseCompensationAmount(0, 'USD', ceiling)).toBe('must be more than 0');
    expect(refuseCompensationAmount(-5, 'USD', ceiling)).toBe('must be more than 0');
    expect(refuseCompensationAmount(10.005, 'USD', ceiling)).toBe('must have at most 2 decimal places for USD');
    expect(refuseCompensationAmount(100.5, 'JPY', ceiling)).toBe('must be a whole number of JPY');
    expect(refuseCompensationAmount(100_000.01, 'USD', ceiling)).toBe('must be at most 100000 (the configured compensation ceiling)');
  });

  it('knows the minor unit of common currencies', () => {
    expect(minorUnitDigits('USD')).toBe(2);
    expect(minorUnitDigits('JPY')).toBe(0);
    expect(minorUnitDigits('KWD')).toBe(3);
  });
});
