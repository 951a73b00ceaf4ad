import { MAX_CHANNEL_NAME, slugify, warRoomChannelName } from './channel-name';

const declared = new Date('2026-11-26T23:59:00Z');

describe('war-room channel names', () => {
  it('are incident-YYYYMMDD-<slug of the title>, in lower case, the date in UTC', () => {
    expect(warRoomChannelName(declared, 'Payment Processing Outage')).toBe('incident-20261126-payment-processing-outage');
    expect(warRoomChannelName(new Date('2026-11-27T00:30:00+02:00'), 'x')).toBe('incident-20261126-x');
  });

  it('keep only letters, digits and dashes', () => {
    expect(slugify('  Café: "Login" / SSO — down!! ')).toBe('cafe-login-sso-down');
    expect(warRoomChannelName(declared, '🔥🔥')).toBe('incident-20261126');
  });

  it('stay within 80 characters, suffix included, cut at a dash', () => {
    const title = 'Elevated error rates on checkout payments and order history for customers in the EU region';
    const name = warRoomChannelName(declared, title);
    expect(name.length).toBeLessThanOrEqual(MAX_CHANNEL_NAME);
    expect(name).toBe('incident-20261126-elevated-error-rates-on-checkout-payments-and-order-history');
    const suffixed = warRoomChannelName(declared, title, 12);
    expect(suffixed.length).toBeLessThanOrEqual(MAX_CHANNEL_NAME);
    expect(suffixed).toMatch(/^incident-20261126-elevated-error-rates.*-12$/);
  });

  it('add -2, -3… when the name is taken', () => {
    expect(warRoomChannelName(declared, 'API down', 2)).toBe('incident-20261126-api-down-2');
  });
});
