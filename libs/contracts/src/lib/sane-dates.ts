import { z } from 'zod';

/**
 * The years a date given to Sitrep may fall in. Nothing Sitrep schedules or reports on is older than
 * 2000 or later than 2100; outside that a date is a typo or a probe (year 0 broke PostgreSQL, and a
 * month of 0000 was read as 1900), so it is refused with a 400 naming the field.
 */
export const SANE_YEARS = { first: 2000, last: 2100 } as const;

const RANGE = `between ${SANE_YEARS.first} and ${SANE_YEARS.last}`;

export function isSaneYear(year: number): boolean {
  return Number.isInteger(year) && year >= SANE_YEARS.first && year <= SANE_YEARS.last;
}

/** An instant (ISO-8601 with a zone) whose UTC year is within SANE_YEARS. */
export function isSaneInstant(iso: string): boolean {
  const t = Date.parse(iso);
  return !Number.isNaN(t) && isSaneYear(new Date(t).getUTCFullYear()) && isSaneYear(Number(iso.slice(0, 4)));
}

/** An ISO-8601 time with a zone, in a sane year. */
export const saneInstantSchema = z
  .string()
  .datetime({ offset: true, message: 'must be an ISO-8601 time with a zone' })
  .refine(isSaneInstant, `must be a time in a year ${RANGE}`);

/** A calendar day as YYYY-MM-DD, real and in a sane year. */
export const saneDaySchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'must be a real calendar date')
  .refine((d) => isSaneYear(Number(d.slice(0, 4))), `must be a date in a year ${RANGE}`);

/** A month as YYYY-MM, in a sane year. */
export const saneMonthSchema = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month as YYYY-MM, e.g. 2026-11')
  .refine((m) => isSaneYear(Number(m.slice(0, 4))), `must be a month in a year ${RANGE}`);
