/** The hourly summary a P1's executive sponsor receives, from the incident's state as comms knows it. */
export interface ExecutiveSummaryInput {
  reference: string;
  title: string;
  severity: string;
  status: string;
  declaredAt: Date;
  now: Date;
  lastPublished: { status: string; body: string; publishedAt: Date } | null;
}

export function executiveSummary(input: ExecutiveSummaryInput): { subject: string; text: string } {
  const minutes = Math.max(0, Math.round((input.now.getTime() - input.declaredAt.getTime()) / 60_000));
  const duration = minutes >= 60 ? `${Math.floor(minutes / 60)}h ${minutes % 60}m` : `${minutes}m`;
  const lines = [
    `${input.reference} (${input.severity}): ${input.title}`,
    `Status: ${input.status.replace(/_/g, ' ')}, open for ${duration}.`,
    input.lastPublished
      ? `Customers were last told (${input.lastPublished.status}, ${input.lastPublished.publishedAt.toISOString().slice(11, 16)} UTC): ${input.lastPublished.body}`
      : 'Customers have not been told anything yet.',
  ];
  return { subject: `[Executive update] ${input.reference} ${input.title}: ${input.status.replace(/_/g, ' ')}, ${duration}`, text: lines.join('\n\n') };
}

/** The commander's own executive update, as the sponsor reads it. */
export function commanderUpdateText(input: { reference: string; title: string; author: string | null; summary: string }): { subject: string; text: string } {
  return {
    subject: `[Executive update] ${input.reference} ${input.title}: from the Incident Commander`,
    text: `${input.summary}\n\n(${input.author ? `${input.author}, ` : ''}Incident Commander)`,
  };
}
