import { DeliveryFailure } from '../channels/channel-adapter';
import type { DeliveryPayload } from './delivery-ledger';

/**
 * The log line's fields for a Slack call the ledger gave up retrying (its last failure was transient: a
 * permanent one was logged where it happened, by the workspace client); null when the failure was no
 * Slack call (our own data not there yet) or was permanent. Same fields as the workspace's line.
 */
export function slackCallGivenUp(row: { id: string; attempts: number; payload: unknown }, failure: DeliveryFailure): Record<string, unknown> | null {
  const call = failure.options.slackCall;
  if (!call || failure.kind === 'permanent') return null;
  const kind = (row.payload as DeliveryPayload | null)?.kind ?? 'delivery';
  return { ...call, for: `${kind} (delivery ${row.id})`, attempts: row.attempts };
}
