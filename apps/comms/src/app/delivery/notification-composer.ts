import type { DataSource } from 'typeorm';
import { CommunicationKind, PublishedCommunication } from '@sitrep/contracts';
import { MessageContent, MessageRenderer } from '../templates/message-renderer';
import { EmailMessage, SmsMessage } from '../channels/channel-adapter';
import { TokenSigner } from '../subscribers/signed-token';
import { subscriberLinks } from '../subscribers/subscriber-links';
import { CODE_TTL_MS } from '../subscribers/confirmation-code';
import { ClaimedDelivery, S } from './delivery-ledger';

/** What the fan-out stored of a published communication: the event's data and the incident it is about. */
export interface FanoutMessage {
  communication: PublishedCommunication;
  incident: { reference: string; severity: string } | null;
}

interface Rendered {
  email: { subject: string; html: string; text: string };
  sms: string;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export interface ComposerOptions {
  pageName: string;
  /** comms' public base URL: confirmation and unsubscribe links point here. */
  publicUrl: string;
  /** Where Twilio reports delivery status (omitted when comms has no public URL Twilio could reach). */
  smsStatusCallbackUrl: string | null;
}

/**
 * Turns a claimed row into the exact message a subscriber gets. A communication is rendered once (the
 * approval queue's templates) and personalised per subscriber only with the way out: the RFC 8058
 * List-Unsubscribe headers and link for email, the STOP keyword for SMS.
 */
export class NotificationComposer {
  private readonly rendered = new Map<string, Promise<Rendered>>();
  private readonly messageIdDomain: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly renderer: MessageRenderer,
    private readonly signer: TokenSigner,
    private readonly options: ComposerOptions,
  ) {
    this.messageIdDomain = new URL(options.publicUrl).hostname || 'sitrep.invalid';
  }

  /** Stable per row: a resend after a crash carries the same Message-ID, which mailbox providers collapse. */
  messageId(deliveryId: string): string {
    return `<${deliveryId}@${this.messageIdDomain}>`;
  }

  async email(row: ClaimedDelivery, now: Date): Promise<EmailMessage> {
    const to = row.subscriberDestination!;
    const unsubscribe = subscriberLinks(this.options.publicUrl).unsubscribe(this.signer, row.subscriberId!, now);
    if (row.purpose === 'confirmation') {
      const payload = row.payload as { kind: 'confirm_email'; link: string };
      return {
        to,
        subject: `Confirm your subscription to ${this.options.pageName}`,
        text: [
          `Someone (hopefully you) asked to get ${this.options.pageName} incident updates at this address.`,
          '',
          `Confirm the subscription: ${payload.link}`,
          '',
          'The link works for 48 hours. If you did not ask for this, ignore this email: nothing will be sent to you.',
          '',
        ].join('\n'),
        html: `<!doctype html><html><body><p>Someone (hopefully you) asked to get ${escapeHtml(this.options.pageName)} incident updates at this address.</p><p><a href="${escapeHtml(payload.link)}">Confirm the subscription</a></p><p>The link works for 48 hours. If you did not ask for this, ignore this email: nothing will be sent to you.</p></body></html>`,
        messageId: this.messageId(row.id),
      };
    }
    const content = await this.render(row.communicationId!);
    const footerText = `\n--\nYou get this because you subscribed to ${this.options.pageName} updates. Unsubscribe: ${unsubscribe}\n`;
    const footerHtml = `<p style="margin:1.5rem auto 0;max-width:36rem;color:#59636e;font-size:13px;">You get this because you subscribed to ${escapeHtml(this.options.pageName)} updates. <a href="${escapeHtml(unsubscribe)}">Unsubscribe</a></p>`;
    const html = content.email.html.includes('</body>') ? content.email.html.replace('</body>', `${footerHtml}\n</body>`) : content.email.html + footerHtml;
    return {
      to,
      subject: content.email.subject,
      text: content.email.text + footerText,
      html,
      headers: {
        // RFC 8058: a mail client may POST "List-Unsubscribe=One-Click" to this URI; no page, no login.
        'List-Unsubscribe': `<${unsubscribe}>`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
      messageId: this.messageId(row.id),
    };
  }

  async sms(row: ClaimedDelivery): Promise<SmsMessage> {
    const to = row.subscriberDestination!;
    const base = { to, reference: row.id, statusCallbackUrl: this.options.smsStatusCallbackUrl ?? undefined };
    if (row.purpose === 'confirmation') {
      const payload = row.payload as { kind: 'confirm_sms'; code: string };
      return { ...base, body: `${this.options.pageName}: your confirmation code is ${payload.code}. It expires in ${CODE_TTL_MS / 60_000} minutes. Reply STOP to opt out.` };
    }
    const content = await this.render(row.communicationId!);
    return { ...base, body: `${content.sms} Reply STOP to unsubscribe.` };
  }

  private render(communicationId: string): Promise<Rendered> {
    let rendering = this.rendered.get(communicationId);
    if (!rendering) {
      rendering = this.load(communicationId);
      this.rendered.set(communicationId, rendering);
      rendering.catch(() => this.rendered.delete(communicationId));
      // A handful of communications are in flight at any time; keep the cache small.
      if (this.rendered.size > 50) this.rendered.delete(this.rendered.keys().next().value!);
    }
    return rendering;
  }

  private async load(communicationId: string): Promise<Rendered> {
    const rows: { message: FanoutMessage }[] = await this.dataSource.query(`SELECT message FROM ${S}.fanouts WHERE communication_id = $1`, [communicationId]);
    if (rows.length === 0) throw new Error(`communication ${communicationId} has no fan-out record`);
    const { communication, incident } = rows[0].message;
    const content: MessageContent = {
      kind: communication.kind as CommunicationKind,
      title: communication.title,
      status: communication.status,
      impact: communication.impact,
      body: communication.body,
      components: communication.components,
      channels: communication.channels,
      incident,
    };
    const previews = this.renderer.previews(content);
    return { email: previews.email, sms: previews.sms.text };
  }
}
