import { startBanner } from './banner';

const urls = { core: 'http://localhost:3000', comms: 'http://localhost:3001', statusPage: 'http://localhost:3002' };
const token = 'sitrep_0123456789abcdefghijklmnopqrstuv';

describe('the start-up banner', () => {
  it('never prints a token that came from SITREP_ADMIN_TOKEN, and says where it is', () => {
    const banner = startBanner(urls, { token, origin: 'environment' });
    expect(banner).not.toContain(token);
    expect(banner).toContain('admin token    from SITREP_ADMIN_TOKEN (not shown)');
    expect(banner).toContain('Bearer $SITREP_ADMIN_TOKEN');
  });

  it('never prints a token kept from an earlier start, and names its file', () => {
    const banner = startBanner(urls, { token, origin: 'file', file: '/data/admin-token' });
    expect(banner).not.toContain(token);
    expect(banner).toContain('kept in /data/admin-token');
  });

  it('prints a token it has just made, once, with where it is kept', () => {
    const banner = startBanner(urls, { token, origin: 'generated', file: '/data/admin-token' });
    expect(banner).toContain(`admin token    ${token}   (new; kept in /data/admin-token`);
  });
});
