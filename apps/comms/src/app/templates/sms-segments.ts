/**
 * How many SMS segments a text costs, and in which encoding it goes out. Carriers bill and deliver per
 * segment, so the comms lead sees this before approving.
 *
 * GSM 03.38: a text made only of the default alphabet travels as 7-bit septets, 160 to a single message;
 * the extension table's characters (€, [, ], {, }, ^, ~, |, \ and form feed) take an escape septet plus
 * their own, so they count 2. Any other character forces UCS-2: 16-bit code units, 70 to a single message,
 * and a character outside the Basic Multilingual Plane (most emoji) is a surrogate pair of 2 units.
 * A longer text is split into concatenated segments whose 6-byte header leaves 153 septets or 67 units
 * each, and a 2-septet or 2-unit character is never split across two segments.
 */

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsSegmentation {
  encoding: SmsEncoding;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2) the text takes. */
  units: number;
  /** Characters as people count them (code points). */
  characters: number;
  segments: number;
  /** Capacity of each segment at this length: 160/70 for one, 153/67 once concatenated. */
  perSegment: number;
}

const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENSION = '\f^{}\\[~]|€';

const BASIC = new Set(Array.from(GSM_BASIC));
const EXTENSION = new Set(Array.from(GSM_EXTENSION));

export const SMS_LIMITS = {
  'GSM-7': { single: 160, multipart: 153 },
  'UCS-2': { single: 70, multipart: 67 },
} as const;

/** Septets a character takes in GSM-7, or null when GSM-7 cannot carry it. */
export function gsm7Septets(character: string): 1 | 2 | null {
  if (BASIC.has(character)) return 1;
  if (EXTENSION.has(character)) return 2;
  return null;
}

/** True when every character is in the GSM-7 default alphabet or its extension table. */
export function isGsm7(text: string): boolean {
  for (const character of text) if (gsm7Septets(character) === null) return false;
  return true;
}

/** The encoding a text needs: GSM-7 when it can, UCS-2 otherwise. */
export function smsEncoding(text: string): SmsEncoding {
  return isGsm7(text) ? 'GSM-7' : 'UCS-2';
}

/** The size of each character in the encoding's units. */
function weights(text: string, encoding: SmsEncoding): number[] {
  const out: number[] = [];
  for (const character of text) out.push(encoding === 'GSM-7' ? (gsm7Septets(character) as number) : character.length);
  return out;
}

/** Fills segments of the given capacity in order, never splitting a character. */
function packSegments(sizes: readonly number[], capacity: number): number {
  let segments = 1;
  let used = 0;
  for (const size of sizes) {
    if (used + size > capacity) {
      segments++;
      used = 0;
    }
    used += size;
  }
  return segments;
}

/** The encoding, size and segment count of a text. An empty text costs nothing: 0 segments. */
export function smsSegments(text: string): SmsSegmentation {
  const encoding = smsEncoding(text);
  const sizes = weights(text, encoding);
  const units = sizes.reduce((sum, size) => sum + size, 0);
  const limits = SMS_LIMITS[encoding];
  if (units === 0) return { encoding, units, characters: 0, segments: 0, perSegment: limits.single };
  if (units <= limits.single) return { encoding, units, characters: sizes.length, segments: 1, perSegment: limits.single };
  return { encoding, units, characters: sizes.length, segments: packSegments(sizes, limits.multipart), perSegment: limits.multipart };
}
