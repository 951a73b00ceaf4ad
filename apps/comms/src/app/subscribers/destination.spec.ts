import { SMS_EXAMPLE_NUMBER } from '@sitrep/contracts';
import { maskDestination, parseEmail, parsePhone } from './destination';

describe('subscriber destinations', () => {
  it('keeps numbers written in E.164 and names their country', () => {
    expect(parsePhone(' +44 7911 123456 ')).toEqual({ ok: true, destination: { channel: 'sms', address: '+447911123456', country: 'GG' } });
    expect(parsePhone('+14155550123')).toEqual({ ok: true, destination: { channel: 'sms', address: '+14155550123', country: 'US' } });
    expect(parsePhone('+33 6 12 34 56 78')).toMatchObject({ ok: true, destination: { address: '+33612345678', country: 'FR' } });
  });

  it('refuses national formats, impossible numbers and landlines, saying why', () => {
    expect(parsePhone('07911 123456')).toEqual({ ok: false, field: 'phone', reason: 'must be in international E.164 format, starting with + and the country code, e.g. +14155550123' });
    expect(parsePhone('+1415555')).toEqual({ ok: false, field: 'phone', reason: '+1415555 is not a valid phone number' });
    expect(parsePhone('+999123456789')).toMatchObject({ ok: false, reason: '+999123456789 is not a valid phone number' });
    expect(parsePhone('+442071838750')).toEqual({ ok: false, field: 'phone', reason: '+442071838750 is not a mobile number (fixed line) and cannot receive texts' });
  });

  it('accepts plain addresses, lower-casing only the domain', () => {
    expect(parseEmail(' Jane.Doe+status@Example.COM ')).toEqual({ ok: true, destination: { channel: 'email', address: 'Jane.Doe+status@example.com' } });
  });

  it('refuses what is not an address', () => {
    for (const bad of ['plainaddress', '@example.com', 'a@', 'a b@example.com', 'a..b@example.com', '<a>@example.com', 'a@localhost', 'a@exa_mple.com', `${'x'.repeat(65)}@example.com`]) {
      expect(parseEmail(bad)).toMatchObject({ ok: false, field: 'email' });
    }
  });

  it('masks addresses for display', () => {
    expect(maskDestination('email', 'jane@example.com')).toBe('ja••@example.com');
    expect(maskDestination('sms', '+447911123456')).toBe('+447911••••56');
  });

  it("accepts the status page's own example number", () => {
    expect(parsePhone(SMS_EXAMPLE_NUMBER)).toEqual({ ok: true, destination: { channel: 'sms', address: '+447400123456', country: 'GB' } });
  });
});
