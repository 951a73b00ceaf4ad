/**
 * The seam between the delivery ledger and the vendors: one class per vendor behind a small interface,
 * picked from configuration by the ChannelRegistry. Adapters know their vendor's protocol and how to
 * read its failures; they know nothing of subscribers, retries or the database.
 */
export type DeliveryChannel = 'email' | 'sms' | 'slack';

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
  /** Stable per delivery row: mailbox providers collapse a resent copy with the same Message-ID. */
  messageId?: string;
  /** Calendar invitations travel as a text/calendar alternative (RFC 6047), which mail clients offer to accept. */
  icalEvent?: { method: 'REQUEST'; content: string; filename: string };
}

export interface SmsMessage {
  /** E.164. */
  to: string;
  body: string;
  /** Where the vendor reports delivery status, when it supports callbacks. */
  statusCallbackUrl?: string;
  /** Our reference (the delivery id), echoed back by vendors that support one. */
  reference?: string;
}

export interface SendReceipt {
  provider: string;
  providerMessageId: string | null;
}

export interface ChannelCheck {
  provider: string;
  ok: boolean;
  detail: string;
}

export interface ChannelAdapter<M> {
  readonly channel: DeliveryChannel;
  readonly provider: string;
  send(message: M): Promise<SendReceipt>;
  /** Can we reach the vendor with our credentials? For readiness and the admin page, never for sends. */
  check(): Promise<ChannelCheck>;
  /**
   * For vendors that take no idempotency key but can list what they sent: the receipt of this very message
   * if the vendor already has it (created since `since`), else null. Asked before an in-doubt row is sent again.
   */
  findSent?(message: M, since: Date): Promise<SendReceipt | null>;
  close?(): Promise<void>;
}

export type FailureKind = 'transient' | 'permanent';
/** recipient: this address or number is the problem (another vendor would refuse it too); provider: the vendor is. */
export type FailureScope = 'recipient' | 'provider';

/** The Slack call behind a failure, as it may be logged: no text, no person (a direct message is only said to be one). */
export interface SlackCallFailure {
  method: string;
  channel: string | null;
  code: string;
}

/** A send that did not happen, classified so the ledger knows whether and when to try again. */
export class DeliveryFailure extends Error {
  constructor(
    message: string,
    readonly kind: FailureKind,
    readonly provider: string,
    readonly options: { retryAfterMs?: number | null; scope?: FailureScope; ambiguous?: boolean; slackCall?: SlackCallFailure } = {},
  ) {
    super(message);
    this.name = 'DeliveryFailure';
  }

  get retryAfterMs(): number | null {
    return this.options.retryAfterMs ?? null;
  }

  get scope(): FailureScope {
    return this.options.scope ?? 'provider';
  }

  /** The request may have reached the vendor (a timeout after sending): failing over could send twice. */
  get ambiguous(): boolean {
    return this.options.ambiguous ?? false;
  }
}
