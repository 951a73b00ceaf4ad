import { sessionState } from './session-expiry';

describe('session expiry', () => {
  const lifetime = { idleSeconds: 60, absoluteSeconds: 600 };
  const created = new Date('2026-01-01T00:00:00Z');
  const at = (seconds: number) => new Date(created.getTime() + seconds * 1000);

  it('is live while used within the idle window and before the absolute limit', () => {
    expect(sessionState({ createdAt: created, lastSeenAt: created }, at(59), lifetime)).toBe('live');
    expect(sessionState({ createdAt: created, lastSeenAt: at(500) }, at(559), lifetime)).toBe('live');
  });

  it('ends after the idle window without a request', () => {
    expect(sessionState({ createdAt: created, lastSeenAt: at(100) }, at(160), lifetime)).toBe('idle');
  });

  it('ends at the absolute limit however busy it is', () => {
    expect(sessionState({ createdAt: created, lastSeenAt: at(599) }, at(600), lifetime)).toBe('expired');
  });
});
