import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Twilio's request signature (X-Twilio-Signature): base64 of HMAC-SHA1 keyed with the auth token, over
 * the full URL Twilio requested followed by every POST parameter's name and value, sorted by name.
 * https://www.twilio.com/docs/usage/webhooks/webhooks-security
 */
export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  const data = url + Object.keys(params).sort().map((key) => key + params[key]).join('');
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf8')).digest('base64');
}

/**
 * True when the signature matches one of the URLs the request may have been addressed to (the configured
 * public URL, or the one reconstructed from the request behind a proxy). Trying several URLs gives an
 * attacker nothing: each still needs the auth token.
 */
export function verifyTwilioSignature(authToken: string, signature: string | undefined, urls: string[], params: Record<string, string>): boolean {
  if (!signature) return false;
  const given = Buffer.from(signature, 'utf8');
  return urls.some((url) => {
    const expected = Buffer.from(twilioSignature(authToken, url, params), 'utf8');
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
}

/** Keywords carriers and Twilio treat as opt-out (Twilio's Advanced Opt-Out defaults). */
export const STOP_KEYWORDS = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT']);
