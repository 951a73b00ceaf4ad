import PDFDocument from 'pdfkit';
import type { PostmortemDocument } from './document';
import { dateTime } from './format';

/**
 * The internal post-mortem as a PDF (A4, the standard Helvetica fonts), in the template's order. The
 * standard fonts only know Windows-1252, so a few symbols are spelled out.
 */

const REPLACEMENTS: [RegExp, string][] = [
  [/→/g, '->'],
  [/←/g, '<-'],
  [/≥/g, '>='],
  [/≤/g, '<='],
  [/✓/g, 'ok'],
];

/** Text the standard PDF fonts can draw: known symbols spelled out, anything else outside Windows-1252 dropped to "?". */
export function pdfSafe(text: string): string {
  let out = text;
  for (const [pattern, replacement] of REPLACEMENTS) out = out.replace(pattern, replacement);
  // Latin-1 plus the Windows-1252 extras pdfkit maps (dashes, quotes, bullet, ellipsis, euro, trade mark).
  return out.replace(/[^\u0009\u000a\u0020-\u007e\u00a0-\u00ff\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026\u20ac\u2122]/gu, '?');
}

const MARGIN = 50;
const GREY = '#555555';
const RULE = '#cccccc';

export function renderPdf(doc: PostmortemDocument, createdAt: Date): Promise<Buffer> {
  const pdf = new PDFDocument({ size: 'A4', margin: MARGIN, info: { Title: pdfSafe(`Post-mortem ${doc.reference}: ${doc.summary.title}`), Author: 'Sitrep', CreationDate: createdAt } });
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((ok, fail) => {
    pdf.on('end', () => ok(Buffer.concat(chunks)));
    pdf.on('error', fail);
  });
  const width = pdf.page.width - MARGIN * 2;
  const bottom = () => pdf.page.height - MARGIN;
  const ensure = (height: number) => {
    if (pdf.y + height > bottom()) pdf.addPage();
  };

  const heading = (text: string) => {
    ensure(40);
    pdf.moveDown(0.6).font('Helvetica-Bold').fontSize(13).fillColor('black').text(pdfSafe(text), MARGIN, pdf.y, { width });
    const y = pdf.y + 2;
    pdf.moveTo(MARGIN, y).lineTo(MARGIN + width, y).strokeColor(RULE).lineWidth(0.5).stroke();
    pdf.moveDown(0.4);
  };
  const field = (label: string, value: string) => {
    pdf.font('Helvetica-Bold').fontSize(10).fillColor('black').text(pdfSafe(`${label}: `), MARGIN, pdf.y, { width, continued: true });
    pdf.font('Helvetica').text(pdfSafe(value));
    pdf.moveDown(0.15);
  };
  const para = (text: string, options: { color?: string; size?: number; indent?: number } = {}) => {
    pdf.font('Helvetica').fontSize(options.size ?? 10).fillColor(options.color ?? 'black').text(pdfSafe(text), MARGIN + (options.indent ?? 0), pdf.y, { width: width - (options.indent ?? 0) });
    pdf.moveDown(0.15);
  };
  /** A table row of fixed-width columns, kept on one page. */
  const row = (cols: { text: string; width: number; bold?: boolean; color?: string }[], size = 9) => {
    pdf.fontSize(size);
    const heights = cols.map((c) => pdf.font(c.bold ? 'Helvetica-Bold' : 'Helvetica').heightOfString(pdfSafe(c.text), { width: c.width - 6 }));
    const h = Math.max(...heights) + 3;
    ensure(h);
    const y = pdf.y;
    let x = MARGIN;
    for (const c of cols) {
      pdf.font(c.bold ? 'Helvetica-Bold' : 'Helvetica').fillColor(c.color ?? 'black').text(pdfSafe(c.text), x, y, { width: c.width - 6 });
      x += c.width;
    }
    pdf.x = MARGIN;
    pdf.y = y + h;
  };
  const numbered = (items: string[]) => items.forEach((t, n) => para(`${n + 1}. ${t}`, { indent: 8 }));

  const s = doc.summary;
  pdf.font('Helvetica-Bold').fontSize(18).fillColor('black').text(pdfSafe(`Post-mortem: ${s.reference} — ${s.title}`), { width });
  pdf.moveDown(0.2);
  const status = [`Blameless review · status: ${doc.state}`, doc.due ? `due ${dateTime(new Date(doc.due.at))} (${doc.due.state})` : null, `review proposed ${dateTime(new Date(doc.reviewSlot.start))}`].filter(Boolean).join(' · ');
  para(status, { color: GREY, size: 9 });

  heading('Incident Summary');
  field('Title', s.title);
  field('Date', s.date);
  field('Severity', s.severity);
  field('Duration', `${dateTime(new Date(s.start))} to ${s.end ? dateTime(new Date(s.end)) : 'ongoing'} (${s.duration})`);
  field('Incident Commander', s.incidentCommander ?? 'none assigned');

  heading('Impact');
  field('Customers affected', doc.impact.customersText);
  field('Revenue impact', doc.impact.revenue.text);
  field('SLA breaches', doc.impact.slaBreaches.text);
  field('Support tickets', doc.impact.supportTickets.text);
  field('Reputation', doc.impact.reputation.text);

  heading('Timeline');
  for (const r of doc.timeline) row([{ text: r.time, width: 90, bold: true }, { text: r.text, width: width - 90 }], 10);
  pdf.moveDown(0.5);
  para('Full timeline', { size: 10, color: GREY });
  for (const l of doc.fullTimeline) row([{ text: l.time, width: 70, color: GREY }, { text: l.text, width: width - 190 }, { text: l.who, width: 120, color: GREY }], 8);

  const TODO = 'to be written';
  heading('Root Cause');
  field('Technical root cause', doc.rootCause.technical ?? TODO);
  field('Contributing factors', doc.rootCause.contributingFactors ?? TODO);
  field('Why detection was delayed', doc.rootCause.detectionDelay ?? 'not applicable / to be written');
  field('Why escalation was delayed', doc.rootCause.escalationDelay ?? 'not applicable / to be written');

  heading('Response Effectiveness');
  for (const line of doc.effectiveness.lines) para(`• ${line}`, { indent: 8 });

  heading('What Went Well');
  if (doc.wentWell.agreed) para(doc.wentWell.agreed);
  if (doc.wentWell.suggested.length) para('Suggested from the measurements:', { color: GREY, size: 9 });
  numbered(doc.wentWell.suggested);
  heading('What Could Be Improved');
  if (doc.couldImprove.agreed) para(doc.couldImprove.agreed);
  if (doc.couldImprove.suggested.length) para('Suggested from the measurements:', { color: GREY, size: 9 });
  numbered(doc.couldImprove.suggested);

  heading('Action Items');
  if (!doc.actionItems.length) para(TODO);
  numbered(
    doc.actionItems.map(
      (a) => `${a.title} — Owner: ${a.owner.name} — Due: ${a.dueDate} — Priority: ${a.priority[0].toUpperCase()}${a.priority.slice(1)} — ${a.status === 'done' ? 'done' : a.overdue ? 'OVERDUE' : 'open'}${a.jira ? ` — Jira ${a.jira.key}` : ''}`,
    ),
  );

  heading('Prevention');
  field('How to prevent this from happening again', doc.prevention.prevent ?? TODO);
  field('How to detect faster if it does happen', doc.prevention.detectFaster ?? TODO);
  field('How to respond more effectively', doc.prevention.respondBetter ?? TODO);

  heading('Distribution');
  field('Internal', doc.distribution.internal);
  field('External', doc.distribution.external);
  field('Follow-up', doc.distribution.followUp);

  pdf.end();
  return done;
}
