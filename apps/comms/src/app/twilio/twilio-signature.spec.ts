import { twilioSignature, verifyTwilioSignature } from './twilio-signature';

// The example in Twilio's webhook security documentation (and twilio-node's own tests).
const authToken = '12345';
const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
const params = { CallSid: 'CA1234567890ABCDE', Caller: '+12349013030', Digits: '1234', From: '+12349013030', To: '+18005551212' };
const documented = '0/KCTR6DLpKmkAf8muzZqo1nDgQ=';

describe('Twilio request signatures', () => {
  it('computes the signature of Twilio\'s documented example', () => {
    expect(twilioSignature(authToken, url, params)).toBe(documented);
  });

  it('accepts the documented signature, whatever order the parameters arrive in', () => {
    const shuffled = { To: params.To, Digits: params.Digits, CallSid: params.CallSid, From: params.From, Caller: params.Caller };
    expect(verifyTwilioSignature(authToken, documented, [url], shuffled)).toBe(true);
  });

  it('refuses a changed parameter, another URL, another token, or no signature', () => {
    expect(verifyTwilioSignature(authToken, documented, [url], { ...params, Digits: '1235' })).toBe(false);
    expect(verifyTwilioSignature(authToken, documented, ['https://mycompany.com/myapp.php?foo=1&bar=3'], params)).toBe(false);
    expect(verifyTwilioSignature('54321', documented, [url], params)).toBe(false);
    expect(verifyTwilioSignature(authToken, undefined, [url], params)).toBe(false);
    expect(verifyTwilioSignature(authToken, `${documented}x`, [url], params)).toBe(false);
  });

  it('accepts the signature when any one of the candidate URLs is the one Twilio signed', () => {
    expect(verifyTwilioSignature(authToken, documented, ['http://10.0.0.5:3001/myapp.php?foo=1&bar=2', url], params)).toBe(true);
  });
});
