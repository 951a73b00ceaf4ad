/**
 * What the public status page says when it answers without a page: readers see these words (and
 * monitoring tools log them), so they live with the other words customers read.
 */
export const STATUS_PAGE_ANSWERS = {
  /** Before the page knows the current status: it never shows an empty (all-operational) page instead. */
  starting: 'This status page is starting and does not know the current status yet. Please try again in a few seconds.\n',
  notFound: (path: string) => `There is no page at ${path}.\n`,
  readOnly: (method: string, path: string) => `${method} is not allowed on ${path}: it is read-only (GET or HEAD).\n`,
} as const;

/** Seconds a reader (or a cache, or a load balancer) is asked to wait while the status page starts. */
export const STATUS_PAGE_STARTING_RETRY_AFTER_SECONDS = 2;
