/** How the timeline says what became of a notice comms sent about the incident. */
export interface NoticeOutcome {
  notice: string;
  channel: string;
  personName: string | null;
  outcome: 'sent' | 'failed' | 'cancelled';
  error: string | null;
}

const CHANNEL_NAMES: Record<string, string> = { email: 'email', sms: 'SMS', slack: 'Slack', status_page: 'the status page' };

export function noticeOutcomeText(n: NoticeOutcome): string {
  const to = n.personName ? ` to ${n.personName}` : ' to the war room';
  const by = CHANNEL_NAMES[n.channel] ?? n.channel;
  if (n.outcome === 'sent') return `${n.notice} delivered${to} by ${by}`;
  return `${n.notice}${to} by ${by} ${n.outcome === 'failed' ? 'failed' : 'not sent'}${n.error ? `: ${n.error}` : ''}`;
}

/** A notice comms had nobody to send to: "executive summary not sent: no executive sponsor to send the summary to". */
export function noticeNotSentText(n: { notice: string; reason: string }): string {
  return `${n.notice} not sent: ${n.reason}`;
}
