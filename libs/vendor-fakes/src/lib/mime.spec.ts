import MailComposer from 'nodemailer/lib/mail-composer';
import { decodeEncodedWords, decodeQuotedPrintable, parseMessage } from './mime';

describe('the SMTP sink reads messages as a mailbox shows them', () => {
  it('reads headers, the text and the HTML of a multipart message nodemailer built', async () => {
    const raw = await new MailComposer({
      from: 'Acme Status <status@acme.example>',
      to: 'jane@example.com',
      subject: 'Paiements échoués — [Investigating]',
      text: `Line one with a long tail ${'x'.repeat(120)}\nUnsubscribe: https://status.example/u?token=a.b`,
      html: '<p>Ünïcode &amp; <a href="https://status.example/u?token=a.b">Unsubscribe</a></p>',
      headers: { 'List-Unsubscribe': '<https://status.example/u?token=a.b>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
      messageId: '<d1@status.example>',
    })
      .compile()
      .build();
    const message = parseMessage(raw.toString('utf8'));
    expect(message.headers.get('subject')).toBe('Paiements échoués — [Investigating]');
    expect(message.headers.get('message-id')).toBe('<d1@status.example>');
    expect(message.headers.get('list-unsubscribe')).toBe('<https://status.example/u?token=a.b>');
    expect(message.headers.get('List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect(message.text).toBe(`Line one with a long tail ${'x'.repeat(120)}\nUnsubscribe: https://status.example/u?token=a.b`);
    expect(message.html).toBe('<p>Ünïcode &amp; <a href="https://status.example/u?token=a.b">Unsubscribe</a></p>');
  });

  it('decodes encoded words and quoted-printable', () => {
    expect(decodeEncodedWords('=?UTF-8?Q?Caf=C3=A9?= =?UTF-8?B?IGRvd24=?=')).toBe('Café down');
    expect(decodeQuotedPrintable('a=3Db=\r\nc=C3=A9').toString('utf8')).toBe('a=bcé');
  });
});
