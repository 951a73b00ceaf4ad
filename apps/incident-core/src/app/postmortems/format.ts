/** Formatting shared by the post-mortem and the monthly report. All times are shown in UTC. */

const pad = (n: number) => String(n).padStart(2, '0');

/** "10:07" */
export function hhmm(at: Date): string {
  return `${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}`;
}

/** "2026-11-26" */
export function isoDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** "10:07" on the reference day, "2026-11-27 10:07" on any other. */
export function clockTime(at: Date, referenceDay: Date): string {
  return isoDay(at) === isoDay(referenceDay) ? hhmm(at) : `${isoDay(at)} ${hhmm(at)}`;
}

/** "2026-11-26 10:00 UTC" */
export function dateTime(at: Date): string {
  return `${isoDay(at)} ${hhmm(at)} UTC`;
}

export function minutesBetween(from: Date, to: Date): number {
  return Math.round((to.getTime() - from.getTime()) / 60_000);
}

/** The template's "[X] hours [Y] minutes", written "2h 37m". */
export function durationText(ms: number): string {
  const totalMinutes = Math.round(ms / 60_000);
  return `${Math.floor(totalMinutes / 60)}h ${totalMinutes % 60}m`;
}

/** "$15,700" for dollars, "1,250.50 EUR" for anything else. */
export function money(amount: number, currency = 'USD'): string {
  const digits = Number.isInteger(amount) ? 0 : 2;
  const figure = amount.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: 2 });
  return currency === 'USD' ? `$${figure}` : `${figure} ${currency}`;
}

/** Rounded to two decimals, for percentages. */
export function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
