import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/** Where a subscriber's messages go: an email address or a mobile number in E.164. */
export type Destination = { channel: 'email'; address: string } | { channel: 'sms'; address: string; country: string | null };

export type DestinationResult = { ok: true; destination: Destination } | { ok: false; field: 'email' | 'phone'; reason: string };

/**
 * A deliberately plain check (RFC 5321 lengths, one @, a dotted domain, no spaces or angle brackets):
 * the confirmation email is the real test of an address. The domain is lower-cased; the local part is
 * kept as given, since only the receiving server may decide it is case-insensitive.
 */
export function parseEmail(input: string): DestinationResult {
  const text = input.trim();
  const fail = (reason: string): DestinationResult => ({ ok: false, field: 'email', reason });
  if (text.length > 254) return fail('must be at most 254 characters');
  const at = text.lastIndexOf('@');
  if (at <= 0 || at === text.length - 1) return fail('must be an email address such as name@example.com');
  const local = text.slice(0, at);
  const domain = text.slice(at + 1).toLowerCase();
  if (local.length > 64) return fail('the part before @ must be at most 64 characters');
  if (/[\s<>()[\]\\,;:"]/.test(local) || local.startsWith('.') || local.endsWith('.') || local.includes('..')) return fail('must be an email address such as name@example.com');
  if (!/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(domain)) return fail(`"${domain}" is not a domain name`);
  return { ok: true, destination: { channel: 'email', address: `${local}@${domain}` } };
}

/**
 * A mobile number written in E.164 ("+14155550123"); national formats are refused because we cannot know
 * which country they belong to. libphonenumber's full metadata tells mobiles from landlines, which cannot
 * receive texts (fixed-line-or-mobile numbers, as in the US, are accepted).
 */
export function parsePhone(input: string): DestinationResult {
  const text = input.trim();
  const fail = (reason: string): DestinationResult => ({ ok: false, field: 'phone', reason });
  if (!text.startsWith('+')) return fail('must be in international E.164 format, starting with + and the country code, e.g. +14155550123');
  const number = parsePhoneNumberFromString(text);
  if (!number || !number.isValid()) return fail(`${text} is not a valid phone number`);
  const type = number.getType();
  if (type && type !== 'MOBILE' && type !== 'FIXED_LINE_OR_MOBILE') return fail(`${number.number} is not a mobile number (${type.toLowerCase().replace(/_/g, ' ')}) and cannot receive texts`);
  return { ok: true, destination: { channel: 'sms', address: number.number, country: number.country ?? null } };
}

/** "+44 7700 900123" → "+44 7700 ••••23": enough for an operator to recognise, not to misuse. */
export function maskDestination(channel: 'email' | 'sms', address: string): string {
  if (channel === 'email') {
    const at = address.lastIndexOf('@');
    const local = address.slice(0, at);
    return `${local.slice(0, 2)}${'•'.repeat(Math.max(1, local.length - 2))}${address.slice(at)}`;
  }
  return `${address.slice(0, Math.max(4, address.length - 6))}••••${address.slice(-2)}`;
}
