/**
 * Slack reads `&`, `<` and `>` as control characters: `<!channel>` is a mention of everyone, `<url|text>` a
 * link. Everything Sitrep posts to Slack goes through here, so a title or a note shows as the text it is.
 * Slack's documented escapes are exactly these three; nothing else is touched (mrkdwn `*bold*` stays).
 */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
