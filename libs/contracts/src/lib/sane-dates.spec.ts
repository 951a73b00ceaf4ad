import { SANE_YEARS, saneDaySchema, saneInstantSchema, saneMonthSchema } from './sane-dates';

describe('sane dates', () => {
  it('accepts times, days and months between the first and the last sane year', () => {
    expect(saneInstantSchema.safeParse('2026-11-29T10:00:00Z').success).toBe(true);
    expect(saneInstantSchema.safeParse('2000-01-01T00:00:00+00:00').success).toBe(true);
    expect(saneDaySchema.safeParse('2100-12-31').success).toBe(true);
    expect(saneMonthSchema.safeParse('2026-02').success).toBe(true);
  });

  it('refuses year 0, 1900, 9999 and the edges just outside', () => {
    for (const iso of ['0000-01-01T00:00:00Z', '1900-01-01T00:00:00Z', '1999-12-31T23:59:59Z', '2101-01-01T00:00:00Z', '9999-12-31T23:59:59Z']) {
      const parsed = saneInstantSchema.safeParse(iso);
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0].message).toBe(`must be a time in a year between ${SANE_YEARS.first} and ${SANE_YEARS.last}`);
    }
    expect(saneDaySchema.safeParse('0000-01-01').success).toBe(false);
    expect(saneMonthSchema.safeParse('0000-01').error?.issues[0].message).toMatch(/between 2000 and 2100/);
    expect(saneMonthSchema.safeParse('1900-01').success).toBe(false);
  });

  it('still refuses what is not a date', () => {
    expect(saneDaySchema.safeParse('2026-02-30').error?.issues[0].message).toBe('must be a real calendar date');
    expect(saneInstantSchema.safeParse('yesterday').error?.issues[0].message).toBe('must be an ISO-8601 time with a zone');
    expect(saneMonthSchema.safeParse('2026-13').success).toBe(false);
  });
});
