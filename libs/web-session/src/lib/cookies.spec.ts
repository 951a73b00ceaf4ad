import { cookieHeader, readCookie } from './cookies';

describe('page cookies', () => {
  it('reads one cookie among several', () => {
    expect(readCookie('a=1; sitrep_comms_session=abc%2Bdef; b=2', 'sitrep_comms_session')).toBe('abc+def');
    expect(readCookie(undefined, 'x')).toBeNull();
    expect(readCookie('x=%E0%A4%A', 'x')).toBeNull();
    expect(readCookie('xx=1', 'x')).toBeNull();
  });

  it('writes HttpOnly, SameSite=Strict cookies, Secure over HTTPS', () => {
    expect(cookieHeader('s', 'v', { path: '/approvals', maxAgeSeconds: 60, secure: false })).toBe('s=v; Path=/approvals; Max-Age=60; HttpOnly; SameSite=Strict');
    expect(cookieHeader('s', 'v', { path: '/', maxAgeSeconds: 0, secure: true })).toMatch(/; Secure$/);
  });

  it('writes SameSite=Lax when asked, for cookies that must survive the identity provider redirect', () => {
    expect(cookieHeader('s', 'v', { path: '/console', maxAgeSeconds: 60, secure: true, sameSite: 'Lax' })).toBe('s=v; Path=/console; Max-Age=60; HttpOnly; SameSite=Lax; Secure');
  });
});
