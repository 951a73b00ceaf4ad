import type { PostmortemDocument } from './document';
import { dateTime } from './format';

/**
 * The internal post-mortem as Markdown, following the seed's template field by field. Fields nobody
 * has written yet say so ("_to be written_") rather than disappear.
 */

const TODO = '_to be written_';
const NOT_APPLICABLE = '_not applicable / to be written_';

/** Table cells: pipes escaped, lines joined. */
export function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** Multi-line text under a bullet, indented so Markdown keeps it in the item. */
function block(text: string | null, empty = TODO): string {
  if (!text) return empty;
  const lines = text.trim().split(/\r?\n/);
  return lines.length === 1 ? lines[0] : `\n${lines.map((l) => `    ${l}`).join('\n')}`;
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function renderMarkdown(doc: PostmortemDocument): string {
  const s = doc.summary;
  const i = doc.impact;
  const out: string[] = [];
  out.push(`# Post-mortem: ${s.reference} — ${s.title}`, '');
  const status = [
    `Blameless review · status: **${doc.state}**`,
    doc.due ? `due ${dateTime(new Date(doc.due.at))} (${doc.due.state})` : null,
    `review proposed ${dateTime(new Date(doc.reviewSlot.start))}${doc.reviewSlot.withinDeadline ? '' : ' (after the deadline: no working-hours slot fits before it)'}`,
    doc.review ? `reviewed ${dateTime(new Date(doc.review.at))} by ${doc.review.by}` : null,
    doc.publication ? `published ${dateTime(new Date(doc.publication.at))} by ${doc.publication.by}` : null,
  ].filter(Boolean);
  out.push(`_${status.join(' · ')}_`, '');

  out.push('## Incident Summary', '');
  out.push(`- **Title:** ${s.title}`);
  out.push(`- **Date:** ${s.date}`);
  out.push(`- **Severity:** ${s.severity}`);
  out.push(`- **Duration:** ${dateTime(new Date(s.start))} to ${s.end ? dateTime(new Date(s.end)) : 'ongoing'} (${s.duration})`);
  out.push(`- **Incident Commander:** ${s.incidentCommander ?? 'none assigned'}`, '');

  out.push('## Impact', '');
  out.push(`- **Customers affected:** ${i.customersText}`);
  out.push(`- **Revenue impact:** ${i.revenue.text}`);
  out.push(`- **SLA breaches:** ${i.slaBreaches.text}`);
  out.push(`- **Support tickets:** ${i.supportTickets.text}`);
  out.push(`- **Reputation:** ${i.reputation.text}`, '');

  out.push('## Timeline', '', '| Time (UTC) | Event |', '|---|---|');
  for (const row of doc.timeline) out.push(`| ${cell(row.time)} | ${cell(row.text)} |`);
  out.push('', '### Full timeline', '', '| Time (UTC) | What happened | Who | |', '|---|---|---|---|');
  for (const line of doc.fullTimeline) out.push(`| ${cell(line.time)} | ${cell(line.text)} | ${cell(line.who)} | ${line.internal ? 'internal' : ''} |`);
  out.push('');

  out.push('## Root Cause', '');
  out.push(`- **Technical root cause:** ${block(doc.rootCause.technical)}`);
  out.push(`- **Contributing factors:** ${block(doc.rootCause.contributingFactors)}`);
  out.push(`- **Why detection was delayed:** ${block(doc.rootCause.detectionDelay, NOT_APPLICABLE)}`);
  out.push(`- **Why escalation was delayed:** ${block(doc.rootCause.escalationDelay, NOT_APPLICABLE)}`, '');

  out.push('## Response Effectiveness', '');
  for (const line of doc.effectiveness.lines) out.push(`- ${capital(line)}`);
  out.push('', '| Clock | Target | Outcome | Detail |', '|---|---|---|---|');
  for (const c of doc.effectiveness.clocks) out.push(`| ${cell(c.label)} | ${c.targetMinutes} min | ${c.outcome.replace('_', ' ')} | ${cell(c.text)} |`);
  out.push('');

  const list = (agreed: string | null, suggested: string[]) => {
    if (agreed) {
      out.push(agreed.trim(), '');
      if (suggested.length) out.push('_Suggested from the measurements:_', '');
    } else if (suggested.length) out.push('_Suggested from the measurements; confirm in the review:_', '');
    suggested.forEach((line, n) => out.push(`${n + 1}. ${line}`));
    if (!agreed && !suggested.length) out.push(TODO);
    out.push('');
  };
  out.push('## What Went Well', '');
  list(doc.wentWell.agreed, doc.wentWell.suggested);
  out.push('## What Could Be Improved', '');
  list(doc.couldImprove.agreed, doc.couldImprove.suggested);

  out.push('## Action Items', '');
  if (!doc.actionItems.length) out.push(TODO);
  doc.actionItems.forEach((a, n) => {
    const jira = a.jira ? ` — Jira: ${a.jira.url ? `[${a.jira.key}](${a.jira.url})` : a.jira.key}` : '';
    const state = a.status === 'done' ? 'done' : a.overdue ? 'open, **overdue**' : 'open';
    out.push(`${n + 1}. ${a.title} — Owner: ${a.owner.name} — Due: ${a.dueDate} — Priority: ${capital(a.priority)} — Status: ${state}${jira}`);
  });
  out.push('');

  out.push('## Prevention', '');
  out.push(`- **How to prevent this from happening again:** ${block(doc.prevention.prevent)}`);
  out.push(`- **How to detect faster if it does happen:** ${block(doc.prevention.detectFaster)}`);
  out.push(`- **How to respond more effectively:** ${block(doc.prevention.respondBetter)}`, '');

  out.push('## Distribution', '');
  out.push(`- **Internal:** ${doc.distribution.internal}`);
  out.push(`- **External:** ${doc.distribution.external}`);
  out.push(`- **Follow-up:** ${doc.distribution.followUp}`, '');
  return out.join('\n');
}
