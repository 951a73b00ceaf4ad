import { CODE_MAX_ATTEMPTS, checkCode, generateCode, hashCode } from './confirmation-code';

const secret = 'test-signing-secret-of-at-least-32-characters';
const id = '6f1f2b1e-8a4c-4c41-9d6e-2a9d1f0c3b7a';
const now = new Date('2026-11-26T12:00:00Z');
const base = { secret, subscriberId: id, storedHash: hashCode(secret, id, '042137'), expiresAt: new Date('2026-11-26T12:15:00Z'), attemptsSoFar: 0, now };

describe('SMS confirmation codes', () => {
  it('are six digits', () => {
    for (let i = 0; i < 50; i++) expect(generateCode()).toMatch(/^\d{6}$/);
  });

  it('accept the right code within its 15 minutes', () => {
    expect(checkCode({ ...base, code: '042137' })).toBe('ok');
  });

  it('refuse a wrong code, an expired one, and any code after too many wrong guesses', () => {
    expect(checkCode({ ...base, code: '042138' })).toBe('wrong');
    expect(checkCode({ ...base, code: '042137', now: new Date('2026-11-26T12:15:00Z') })).toBe('expired');
    expect(checkCode({ ...base, code: '042137', attemptsSoFar: CODE_MAX_ATTEMPTS })).toBe('exhausted');
    expect(checkCode({ ...base, code: '042137', storedHash: null })).toBe('none');
  });

  it('bind the hash to the subscriber', () => {
    expect(checkCode({ ...base, subscriberId: '00000000-0000-4000-8000-000000000000', code: '042137' })).toBe('wrong');
  });
});
