/** Slack's limit on channel names. */
export const MAX_CHANNEL_NAME = 80;

/** "Payment Processing — Outage!" → "payment-processing-outage": lower case, ASCII letters, digits and dashes. */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * The war room's channel, as the seed names it: incident-YYYYMMDD-<summary>, the date in UTC. `attempt`
 * 1 is the plain name; later attempts (after name_taken) add -2, -3… The summary is cut (at a dash when
 * one is near) so that the whole name, suffix included, stays within 80 characters.
 */
export function warRoomChannelName(declaredAt: Date, title: string, attempt = 1): string {
  const date = declaredAt.toISOString().slice(0, 10).replace(/-/g, '');
  const prefix = `incident-${date}`;
  const suffix = attempt > 1 ? `-${attempt}` : '';
  const room = MAX_CHANNEL_NAME - prefix.length - suffix.length - 1;
  let slug = slugify(title);
  if (slug.length > room) {
    const cut = slug.slice(0, room);
    const dash = cut.lastIndexOf('-');
    slug = (dash > room * 0.6 ? cut.slice(0, dash) : cut).replace(/-+$/, '');
  }
  return `${prefix}${slug ? `-${slug}` : ''}${suffix}`;
}
