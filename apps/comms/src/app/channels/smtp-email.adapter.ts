import { createTransport } from 'nodemailer';
import addressparser from 'nodemailer/lib/addressparser';
import MailComposer from 'nodemailer/lib/mail-composer';
import { ChannelAdapter, ChannelCheck, EmailMessage, SendReceipt } from './channel-adapter';
import { classifySmtpError } from './failure-classification';
import { Slots } from './slots';

export interface SmtpEmailOptions {
  url: string;
  from: string;
  maxConnections: number;
}

function pooledTransport(options: SmtpEmailOptions) {
  return createTransport({
    pool: true,
    url: options.url,
    maxConnections: options.maxConnections,
    // Reuse each connection for many messages; a new TCP (and TLS) handshake per 100 messages is waste.
    maxMessages: 10_000,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
}

/** Email over SMTP with a pool of connections (nodemailer), to any MTA or relay (SMTP_URL). */
export class SmtpEmailAdapter implements ChannelAdapter<EmailMessage> {
  readonly channel = 'email' as const;
  readonly provider = 'smtp';
  private readonly transport: ReturnType<typeof pooledTransport>;
  /**
   * Messages built and handed to the pool at once: two per connection keeps every connection busy. The
   * delivery worker has more rows in flight than that; without this, each of them waited in the pool's
   * queue as a built MIME message, long enough to be promoted to V8's old generation, and over a
   * 100,000-message fan-out comms' heap grew by some 100 MiB of such garbage.
   */
  private readonly slots: Slots;

  /** The bare address of SMTP_FROM ("Acme Status <status@acme.example>" → status@acme.example), for MAIL FROM. */
  private readonly envelopeFrom: string;

  constructor(private readonly options: SmtpEmailOptions) {
    this.transport = pooledTransport(options);
    this.slots = new Slots(options.maxConnections * 2);
    const [first] = addressparser(options.from, { flatten: true });
    this.envelopeFrom = (first && 'address' in first && first.address) || options.from;
  }

  async send(message: EmailMessage): Promise<SendReceipt> {
    await this.slots.acquire();
    try {
      // The MIME message is built in memory first and handed to the pool as one buffer: streaming it part
      // by part straight into the socket costs a write per line, which in a fan-out is most of the CPU.
      const raw = await new MailComposer({
        from: this.options.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        headers: message.headers,
        messageId: message.messageId,
        icalEvent: message.icalEvent,
      })
        .compile()
        .build();
      const info = await this.transport.sendMail({ envelope: { from: this.envelopeFrom, to: [message.to] }, raw });
      if (info.rejected && info.rejected.length > 0) {
        throw Object.assign(new Error(`recipient refused: ${String(info.rejected[0])}`), { code: 'EENVELOPE' });
      }
      return { provider: this.provider, providerMessageId: message.messageId ?? info.messageId ?? null };
    } catch (error) {
      throw classifySmtpError(error, this.provider);
    } finally {
      this.slots.release();
    }
  }

  async check(): Promise<ChannelCheck> {
    try {
      await this.transport.verify();
      return { provider: this.provider, ok: true, detail: 'SMTP server accepted a connection' };
    } catch (error) {
      return { provider: this.provider, ok: false, detail: classifySmtpError(error, this.provider).message };
    }
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}
