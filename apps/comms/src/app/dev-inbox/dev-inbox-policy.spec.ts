import { devInboxAccess } from './dev-inbox-policy';

describe('devInboxAccess', () => {
  const fakes = {
    devInboxSources: ['http://127.0.0.1:4100/_fake/inbox', 'http://127.0.0.1:4010/_fake/inbox', 'http://127.0.0.1:4011/_fake/inbox', 'http://127.0.0.1:4012/_fake/inbox'],
    email: { smtpUrl: 'smtp://127.0.0.1:2525', from: 'x', maxConnections: 1, perSecond: 0 },
    twilio: { apiUrl: 'http://127.0.0.1:4010', accountSid: 'AC1', authToken: 't', from: '+1', perSecond: 0 },
    smsFallback: { provider: 'vonage' as const, apiUrl: 'http://127.0.0.1:4011', apiKey: 'k', apiSecret: 's', from: 'S', perSecond: 0 },
    slack: { apiUrl: 'http://127.0.0.1:4012/api/', botToken: 'b', signingSecret: null },
  };

  it('is public in embedded mode and for the admin otherwise when every channel goes to a fake', () => {
    expect(devInboxAccess('embedded', fakes)).toBe('public');
    expect(devInboxAccess('distributed', fakes)).toBe('admin');
  });

  it('is off without fake inboxes', () => {
    expect(devInboxAccess('embedded', { ...fakes, devInboxSources: [] })).toBe('off');
    expect(devInboxAccess('embedded', { ...fakes, devInboxSources: ['not a url'] })).toBe('off');
  });

  it('is off as soon as one channel goes to a real vendor', () => {
    expect(devInboxAccess('embedded', { ...fakes, email: { ...fakes.email, smtpUrl: 'smtps://user:pass@smtp.example.com:465' } })).toBe('off');
    expect(devInboxAccess('embedded', { ...fakes, twilio: { ...fakes.twilio, apiUrl: 'https://api.twilio.com' } })).toBe('off');
    expect(devInboxAccess('distributed', { ...fakes, slack: { ...fakes.slack, apiUrl: 'https://slack.com/api/' } })).toBe('off');
    // Same host as the fakes but not one of their origins: a real service on this machine.
    expect(devInboxAccess('embedded', { ...fakes, smsFallback: { ...fakes.smsFallback, apiUrl: 'http://127.0.0.1:9999' } })).toBe('off');
  });

  it('counts channels that are off as no obstacle', () => {
    expect(devInboxAccess('embedded', { ...fakes, slack: null, smsFallback: null })).toBe('public');
  });
});
