import { cookieHeader, readCookie } from './cookies';

describe('approval page cookies', () => {
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
});
