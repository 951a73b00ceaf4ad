import { escapeHtml } from '../subscribers/subscription-pages';

export interface InboxItem {
  channel: 'email' | 'sms' | 'slack';
  provider: string;
  at: string;
  from: string;
  to: string;
  subject?: string;
  text: string;
  calendar?: string;
}

/**
 * Everything the bundled fakes received (email, SMS, Slack), read from each fake's GET /_fake/inbox (the
 * URLs in DEV_INBOX_SOURCES), newest first. What it shows is what the vendors got, not what comms meant
 * to send.
 */
export class DevInbox {
  constructor(private readonly sources: string[]) {}

  get configured(): boolean {
    return this.sources.length > 0;
  }

  async items(): Promise<{ items: InboxItem[]; unreachable: string[] }> {
    const unreachable: string[] = [];
    const lists = await Promise.all(
      this.sources.map(async (url) => {
        try {
          const response = await fetch(url, { signal: AbortSignal.timeout(3_000) });
          return ((await response.json()) as { items: InboxItem[] }).items ?? [];
        } catch {
          unreachable.push(url);
          return [];
        }
      }),
    );
    return { items: lists.flat().sort((a, b) => b.at.localeCompare(a.at)), unreachable };
  }

  async page(): Promise<string> {
    const { items, unreachable } = await this.items();
    const linkify = (escaped: string) => escaped.replace(/https?:\/\/[^\s<"']+/g, (url) => `<a href="${url}">${url}</a>`);
    const rows = items
      .map(
        (item) => `<article class="${item.channel}">
  <header><span class="channel">${escapeHtml(item.channel)}</span> <span class="provider">${escapeHtml(item.provider)}</span> <time>${escapeHtml(item.at)}</time></header>
  <p><strong>To:</strong> ${escapeHtml(item.to)} · <strong>From:</strong> ${escapeHtml(item.from)}</p>
  ${item.subject ? `<p><strong>Subject:</strong> ${escapeHtml(item.subject)}</p>` : ''}
  <pre>${linkify(escapeHtml(item.text))}</pre>
</article>`,
      )
      .join('\n');
    const notice = !this.configured
      ? '<p>No fake inbox is configured (DEV_INBOX_SOURCES). In embedded mode the launcher starts the fakes and sets it.</p>'
      : unreachable.length
        ? `<p>Not reachable: ${unreachable.map(escapeHtml).join(', ')}</p>`
        : '';
    return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex"><title>Sitrep dev inbox</title>
<style>body{font:15px/1.45 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}article{border:1px solid #d0d7de;border-radius:6px;padding:.5rem 1rem;margin:0 0 1rem}
header{color:#59636e;font-size:13px}.channel{font-weight:600;text-transform:uppercase}pre{white-space:pre-wrap;background:#f6f8fa;padding:.5rem}</style></head>
<body><h1>Dev inbox</h1><p>${items.length} message${items.length === 1 ? '' : 's'} received by the local fakes (email, SMS, Slack), newest first.</p>${notice}
${rows}
</body></html>`;
  }
}
