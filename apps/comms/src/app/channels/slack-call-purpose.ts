import { AsyncLocalStorage } from 'node:async_hooks';

const purposes = new AsyncLocalStorage<string>();

/**
 * Runs `work` with every Slack call in it labelled with what it is for ("war room invitation", "button
 * page_ack"), so a call that fails for good says so in its log line. The label must carry no message text
 * and no personal data: it is logged as it is.
 */
export function slackCallsFor<T>(purpose: string, work: () => Promise<T>): Promise<T> {
  return purposes.run(purpose, work);
}

/** What the Slack calls being made now are for; null outside slackCallsFor. */
export function slackCallPurpose(): string | null {
  return purposes.getStore() ?? null;
}
