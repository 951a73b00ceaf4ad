/** The few pages a subscriber sees in a browser: server-rendered, every value escaped. */
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function subscriptionPage(pageName: string, heading: string, message: string, form?: { action: string; button: string }): string {
  const formHtml = form
    ? `<form method="post" action="${escapeHtml(form.action)}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">${escapeHtml(form.button)}</button></form>`
    : '';
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
<title>${escapeHtml(heading)} · ${escapeHtml(pageName)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#1f2328}button{font:inherit;padding:.5rem 1rem}</style></head>
<body><p>${escapeHtml(pageName)}</p><h1>${escapeHtml(heading)}</h1><p>${escapeHtml(message)}</p>${formHtml}</body>
</html>`;
}
