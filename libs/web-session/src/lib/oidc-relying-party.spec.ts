import { safeReturnTo } from './oidc-relying-party';

describe('where sign-in returns to', () => {
  it('keeps a path under the console', () => {
    expect(safeReturnTo('/console/incidents/abc?x=1', '/console')).toBe('/console/incidents/abc?x=1');
  });

  it('refuses other sites, other paths and header tricks', () => {
    for (const bad of ['https://evil.example/console', '//evil.example', '/approvals', '/console\\@evil', '/console\r\nx: y', 42, undefined]) {
      expect(safeReturnTo(bad, '/console')).toBe('/console');
    }
  });
});
