import { TokenSigner } from './signed-token';

const secret = 'test-signing-secret-of-at-least-32-characters';
const now = new Date('2026-11-26T12:00:00Z');
const claims = { purpose: 'confirm' as const, subscriberId: '6f1f2b1e-8a4c-4c41-9d6e-2a9d1f0c3b7a', version: 3, expiresAt: new Date('2026-11-28T12:00:00Z') };

describe('subscription link tokens', () => {
  const signer = new TokenSigner(secret);

  it('verifies its own token before it expires, with the claims it was given', () => {
    const token = signer.sign(claims);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(signer.verify(token, 'confirm', now)).toEqual({ ok: true, claims });
  });

  it('refuses it once expired', () => {
    expect(signer.verify(signer.sign(claims), 'confirm', new Date('2026-11-28T12:00:00Z'))).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses a token signed with another secret, or with its payload changed', () => {
    expect(new TokenSigner(`${secret}-other`).verify(signer.sign(claims), 'confirm', now)).toEqual({ ok: false, reason: 'forged' });
    const [, mac] = signer.sign(claims).split('.');
    const otherPayload = signer.sign({ ...claims, subscriberId: '00000000-0000-4000-8000-000000000000' }).split('.')[0];
    expect(signer.verify(`${otherPayload}.${mac}`, 'confirm', now)).toEqual({ ok: false, reason: 'forged' });
  });

  it('refuses a token issued for another purpose', () => {
    expect(signer.verify(signer.sign({ ...claims, purpose: 'unsubscribe' }), 'confirm', now)).toEqual({ ok: false, reason: 'wrong_purpose' });
  });

  it('refuses what is not a token at all', () => {
    for (const text of ['', 'abc', 'a.b.c', 'ab$.cd']) expect(signer.verify(text, 'confirm', now)).toMatchObject({ ok: false });
  });

  it('will not sign with a short secret', () => {
    expect(() => new TokenSigner('short')).toThrow('the signing secret must be at least 32 characters');
  });
});
