import type { SubscribersService } from '../subscribers/subscribers.service';
import type { DevInbox } from '../dev-inbox/dev-inbox';

export const DELIVERY_RUNTIME = Symbol('DeliveryRuntime');

/** What the HTTP layer needs of the running delivery side; controllers only translate requests into these. */
export interface DeliveryRuntimeView {
  subscribers: SubscribersService;
  publicUrl: string;
  pageName: string;
  /** null when Twilio is not configured: its webhooks then refuse everything. */
  twilioAuthToken: string | null;
  recordProviderStatus(providerMessageId: string, status: string, errorCode: string | null): Promise<void>;
  progress(communicationId: string): Promise<CommunicationDeliveries | null>;
  devInbox: DevInbox;
}

export interface ChannelProgress {
  sent: number;
  pending: number;
  failed: number;
  cancelled: number;
}

export interface CommunicationDeliveries {
  communicationId: string;
  /** All subscribers have their row (the fan-out walked the whole list). */
  planned: boolean;
  complete: boolean;
  channels: Record<string, ChannelProgress>;
  total: ChannelProgress;
}
