import { TokenSigner } from './signed-token';

export const CONFIRM_LINK_TTL_MS = 48 * 60 * 60 * 1000;
/** Unsubscribe links must keep working in old emails (RFC 8058 expects it); five years is "for ever" enough. */
export const UNSUBSCRIBE_LINK_TTL_MS = 5 * 365 * 24 * 60 * 60 * 1000;

export const SUBSCRIBERS_PATH = '/api/v1/subscribers';

/** The public links in subscription messages, all under comms' public URL. */
export function subscriberLinks(publicUrl: string) {
  const base = `${publicUrl.replace(/\/+$/, '')}${SUBSCRIBERS_PATH}`;
  return {
    confirm: (signer: TokenSigner, subscriberId: string, version: number, now: Date) =>
      `${base}/confirm?token=${signer.sign({ purpose: 'confirm', subscriberId, version, expiresAt: new Date(now.getTime() + CONFIRM_LINK_TTL_MS) })}`,
    unsubscribe: (signer: TokenSigner, subscriberId: string, now: Date) =>
      `${base}/unsubscribe?token=${signer.sign({ purpose: 'unsubscribe', subscriberId, version: 0, expiresAt: new Date(now.getTime() + UNSUBSCRIBE_LINK_TTL_MS) })}`,
  };
}
