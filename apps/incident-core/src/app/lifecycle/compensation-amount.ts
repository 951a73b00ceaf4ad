/** Used when no ceiling is configured (SITREP_COMPENSATION_CEILING): a typo of three zeros is refused. */
export const DEFAULT_COMPENSATION_CEILING = 100_000;

/** Decimal places of the currency's minor unit (USD 2, JPY 0, KWD 3); 2 when the runtime does not know it. */
export function minorUnitDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** Decimal places written in a number, exponent notation included (1e-7 has 7). */
function decimals(amount: number): number {
  const [mantissa, exponent] = String(amount).toLowerCase().split('e');
  const fraction = mantissa.split('.')[1]?.length ?? 0;
  return Math.max(0, fraction - Number(exponent ?? 0));
}

/**
 * An amount that can go on an append-only timeline: finite, positive, no finer than the currency's
 * minor unit, and at most the configured ceiling (in the currency's units). The reason, or null.
 */
export function refuseCompensationAmount(amount: number, currency: string, ceiling: number): string | null {
  if (!Number.isFinite(amount)) return 'must be a finite number';
  if (amount <= 0) return 'must be more than 0';
  const digits = minorUnitDigits(currency);
  if (decimals(amount) > digits) return digits === 0 ? `must be a whole number of ${currency}` : `must have at most ${digits} decimal places for ${currency}`;
  if (amount > ceiling) return `must be at most ${ceiling} (the configured compensation ceiling)`;
  return null;
}
