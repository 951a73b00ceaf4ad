/**
 * The values a fuzzer puts where a field, a parameter or a body goes: hostile text, absurd numbers and
 * dates, wrong types. Every string carries the request's marker, so that the database can be searched
 * afterwards for anything a refused request left behind.
 */

/** A small seeded PRNG (mulberry32): the same seed gives the same run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Random = () => number;
export const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)];

/** What a string is spiked with. */
const SPIKES = [
  '\u0000',
  '\ud800',
  '\udfff',
  '\ud83d',
  '\u0007',
  '\u001b[31m',
  '\u0008',
  '\u007f',
  '\u0085',
  '\u009b',
  '\u202e',
  '\u202a',
  '\u2066',
  '\u2069',
  '\r\n',
  '\r',
  '\t',
  '\ufeff',
  '\ufffd',
  '%00',
  '\\u0000',
  "'; DROP TABLE core.incidents; --",
  '<script>alert(1)</script>',
  '{{constructor.constructor("return process")()}}',
  '../../../../etc/passwd',
  '${jndi:ldap://x}',
  '__proto__',
  'Ω≈ç√∫˜µ≤≥÷',
  '🚀👩‍👩‍👧‍👦',
] as const;

const ABSURD_NUMBERS: unknown[] = [1e308, -1e308, 5e-324, -0, 0, -1, 2 ** 53 + 1, -(2 ** 63), 1e21, 123456789012345678901234567890, 0.1 + 0.2, 'Infinity', '-Infinity', 'NaN', '1e308', '-0', '0x10', '1_000', '', ' 1 ', '99999999999999999999999'];

const ABSURD_DATES = ['0000-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '1900-01-01T00:00:00Z', '2026-02-30T10:00:00Z', '2026-13-01T00:00:00Z', '+275760-09-13T00:00:00Z', '-000001-01-01T00:00:00Z', '2026-11-29T25:61:61Z', '2026-11-29', '0000-01', '9999-12', '1970-01-01T00:00:00Z', '2026-11-29T10:00:00', 'yesterday', '0'];

/** A string with the marker and something hostile in it. */
export function hostileString(random: Random, marker: string): string {
  const spike = pick(random, SPIKES);
  switch (Math.floor(random() * 6)) {
    case 0:
      return `${marker}${spike}`;
    case 1:
      return `${spike}${marker}`;
    case 2:
      return `${marker}${spike}${marker}`;
    case 3:
      return `${marker}${spike.repeat(1 + Math.floor(random() * 50))}`;
    case 4:
      return `${marker} ${'x'.repeat(Math.floor(random() * 3_000))}`;
    default:
      return `${marker}@example.com${spike}`;
  }
}

/** Anything at all in place of a value: hostile text, absurd numbers and dates, the wrong type. */
export function hostileValue(random: Random, marker: string, depth = 0): unknown {
  const kind = Math.floor(random() * 10);
  if (kind <= 3) return hostileString(random, marker);
  if (kind === 4) return pick(random, ABSURD_NUMBERS);
  if (kind === 5) return `${pick(random, ABSURD_DATES)}`;
  if (kind === 6) return pick(random, [null, true, false, [], {}, [marker], { [marker]: marker }, '', ' ']);
  if (kind === 7 && depth < 2) return Array.from({ length: Math.floor(random() * 4) }, () => hostileValue(random, marker, depth + 1));
  if (kind === 8 && depth < 2) return { [hostileString(random, marker)]: hostileValue(random, marker, depth + 1), __proto__x: marker, constructor: { prototype: marker } };
  return Math.floor(random() * 2 ** 31) * (random() < 0.5 ? -1 : 1);
}

/** A hostile value for a path or query parameter (URL-encoded text). */
export function hostileParameter(random: Random, marker: string): string {
  const kind = Math.floor(random() * 5);
  if (kind === 0) return String(pick(random, ABSURD_NUMBERS));
  if (kind === 1) return pick(random, ABSURD_DATES);
  if (kind === 2) return pick(random, ['%ED%A0%80', '%C0%AF', '%FF', '%E2%80%AE', '%00', '%0D%0A', '..%2F..%2F']) + marker;
  return encodeLoosely(hostileString(random, marker).slice(0, 300)).replace(/%25/g, random() < 0.5 ? '%' : '%25');
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** encodeURIComponent, except that a lone surrogate becomes its (invalid) three UTF-8-style bytes instead of an exception. */
export function encodeLoosely(text: string): string {
  return text
    .split(LONE_SURROGATE)
    .map((part) => encodeURIComponent(part))
    .join('%ED%A0%80');
}

export const ABSURD = { numbers: ABSURD_NUMBERS, dates: ABSURD_DATES, spikes: SPIKES };
