import { slackSignature, verifySlackRequest } from './slack-signature';

describe('verifySlackRequest', () => {
  const secret = '8f742231b10e8888abcd99yyyzzz85a5';
  // Slack's documented example request (api.slack.com/authentication/verifying-requests-from-slack).
  const body = 'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
  const timestamp = '1531420618';

  it('accepts Slack documented example signature', () => {
    expect(slackSignature(secret, timestamp, body)).toBe('v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503');
    expect(verifySlackRequest(secret, { signature: 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503', timestamp }, body, 1531420618 + 299)).toEqual({ ok: true });
  });

  it('refuses a changed body, a wrong secret, a missing signature and a malformed one', () => {
    const signature = slackSignature(secret, timestamp, body);
    const now = Number(timestamp);
    expect(verifySlackRequest(secret, { signature, timestamp }, `${body}&x=1`, now)).toMatchObject({ ok: false, reason: 'X-Slack-Signature does not match this request' });
    expect(verifySlackRequest('another-secret', { signature, timestamp }, body, now).ok).toBe(false);
    expect(verifySlackRequest(secret, { signature: undefined, timestamp }, body, now)).toMatchObject({ ok: false, reason: 'X-Slack-Signature is missing' });
    expect(verifySlackRequest(secret, { signature: 'v0=abc', timestamp }, body, now).ok).toBe(false);
  });

  it('refuses timestamps more than five minutes away, either way, and missing ones', () => {
    const signature = slackSignature(secret, timestamp, body);
    const now = Number(timestamp);
    expect(verifySlackRequest(secret, { signature, timestamp }, body, now + 301)).toMatchObject({ ok: false, reason: 'X-Slack-Request-Timestamp is more than 5 minutes from now' });
    expect(verifySlackRequest(secret, { signature, timestamp }, body, now - 301).ok).toBe(false);
    expect(verifySlackRequest(secret, { signature, timestamp: undefined }, body, now).ok).toBe(false);
    expect(verifySlackRequest(secret, { signature, timestamp: 'soon' }, body, now).ok).toBe(false);
  });
});
