import { gsm7Septets, isGsm7, smsEncoding, smsSegments } from './sms-segments';

describe('SMS segments', () => {
  it('counts the GSM-7 default alphabet as one septet and the extension table as two', () => {
    for (const c of ['A', 'z', '0', ' ', '@', '£', 'é', 'Ä', 'Ω', '\n', '§', '¿']) expect(gsm7Septets(c)).toBe(1);
    for (const c of ['€', '[', ']', '{', '}', '^', '~', '|', '\\', '\f']) expect(gsm7Septets(c)).toBe(2);
    for (const c of ['á', 'ç', 'Ł', '“', '’', '😀', '\u001b', '\t']) expect(gsm7Septets(c)).toBeNull();
  });

  it('chooses GSM-7 when it can and UCS-2 otherwise', () => {
    expect(smsEncoding('Payments are degraded. Updates at 10:30 [UTC] ~ €5 {ok}')).toBe('GSM-7');
    expect(isGsm7('Smart quotes: “no”')).toBe(false);
    expect(smsEncoding('Zahlungen gestört, wir prüfen – mehr bald')).toBe('UCS-2');
    expect(smsEncoding('ç is not in GSM-7, only Ç is')).toBe('UCS-2');
  });

  it('fits 160 septets in one GSM-7 message and splits longer texts into 153-septet segments', () => {
    expect(smsSegments('')).toMatchObject({ segments: 0, units: 0 });
    expect(smsSegments('a'.repeat(160))).toEqual({ encoding: 'GSM-7', units: 160, characters: 160, segments: 1, perSegment: 160 });
    expect(smsSegments('a'.repeat(161))).toEqual({ encoding: 'GSM-7', units: 161, characters: 161, segments: 2, perSegment: 153 });
    expect(smsSegments('a'.repeat(306)).segments).toBe(2);
    expect(smsSegments('a'.repeat(307)).segments).toBe(3);
  });

  it('counts extension characters as two septets against the limits', () => {
    expect(smsSegments('€'.repeat(80))).toMatchObject({ encoding: 'GSM-7', units: 160, characters: 80, segments: 1 });
    expect(smsSegments('€'.repeat(81))).toMatchObject({ units: 162, segments: 2 });
    // 152 plain septets then a 2-septet character: the escape and the character stay together in segment 2.
    expect(smsSegments('a'.repeat(152) + '€' + 'a'.repeat(10))).toMatchObject({ units: 164, segments: 2 });
    expect(smsSegments('a'.repeat(152) + '€' + 'a'.repeat(152))).toMatchObject({ units: 306, segments: 3 });
  });

  it('fits 70 UCS-2 units in one message and 67 per segment beyond', () => {
    expect(smsSegments('ü'.repeat(70))).toMatchObject({ encoding: 'GSM-7' });
    expect(smsSegments('ç'.repeat(70))).toEqual({ encoding: 'UCS-2', units: 70, characters: 70, segments: 1, perSegment: 70 });
    expect(smsSegments('ç'.repeat(71))).toEqual({ encoding: 'UCS-2', units: 71, characters: 71, segments: 2, perSegment: 67 });
    expect(smsSegments('ç'.repeat(134)).segments).toBe(2);
    expect(smsSegments('ç'.repeat(135)).segments).toBe(3);
  });

  it('counts an emoji as a surrogate pair of two units that is never split', () => {
    expect(smsSegments('😀')).toMatchObject({ encoding: 'UCS-2', units: 2, characters: 1, segments: 1 });
    expect(smsSegments('😀'.repeat(35))).toMatchObject({ units: 70, segments: 1 });
    expect(smsSegments('😀'.repeat(36))).toMatchObject({ units: 72, segments: 2 });
    // 66 units, then a pair that would straddle the 67-unit boundary: it moves whole to segment 2.
    expect(smsSegments('ç'.repeat(66) + '😀' + 'ç'.repeat(65))).toMatchObject({ units: 133, segments: 2 });
    expect(smsSegments('ç'.repeat(66) + '😀' + 'ç'.repeat(66))).toMatchObject({ units: 134, segments: 3 });
  });
});
