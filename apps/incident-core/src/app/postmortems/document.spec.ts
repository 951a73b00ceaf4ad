import type { Actor } from '@sitrep/contracts';
import { ActionItemFact, PostmortemRecord, SectionVersion, assembleDocument, latestSections } from './document';
import { externalVersion, scrubNames } from './external';
import { renderMarkdown } from './markdown';
import { pdfSafe, renderPdf } from './pdf';
import { PEOPLE, SETTINGS, at, scriptedP1Facts } from './scripted-p1.fixture';

const alice: Actor = { kind: 'person', id: PEOPLE.alice.id, name: 'Alice Commander' };
const bob: Actor = { kind: 'person', id: PEOPLE.bob.id, name: 'Bob Engineer' };
const record: PostmortemRecord = {
  incidentId: scriptedP1Facts().incident.id,
  state: 'draft',
  createdAt: at('12:37'),
  resolvedAt: at('12:37'),
  reviewSlot: { start: at('13:00', 27), end: at('14:00', 27), withinDeadline: true },
  reviewedAt: null,
  reviewedBy: null,
  reviewNotes: null,
  publishedAt: null,
  publishedBy: null,
};
const v = (section: SectionVersion['section'], version: number, text: string, author = bob, time = '16:00'): SectionVersion => ({ section, version, text, author, writtenAt: at(time) });
const sections: SectionVersion[] = [
  v('root_cause', 1, 'The certificate expired.'),
  v('root_cause', 2, 'The TLS certificate of the card gateway expired; Bob Engineer found it in the gateway logs (mail bob@example.test).', alice, '16:05'),
  v('contributing_factors', 1, 'Renewal was manual; the expiry alert went to an unmonitored mailbox.'),
  v('prevention_prevent', 1, 'Automate certificate renewal (ACME) for every gateway.'),
  v('prevention_detect', 1, 'Alert 14 days before any certificate expires; page on checkout error rate.'),
  v('prevention_respond', 1, 'Runbook for gateway TLS failures; Alice to add it to the on-call guide.'),
];
const items: ActionItemFact[] = [
  { id: 'a1', position: 1, title: 'Automate certificate renewal', description: null, ownerPersonId: PEOPLE.bob.id, dueDate: '2026-12-04', priority: 'high', status: 'open', createdAt: at('16:10'), updatedAt: at('16:10'), doneAt: null, jiraKey: 'OPS-1', jiraUrl: 'https://jira.example.test/browse/OPS-1' },
  { id: 'a2', position: 2, title: 'Write the gateway TLS runbook', description: null, ownerPersonId: PEOPLE.alice.id, dueDate: '2026-11-27', priority: 'medium', status: 'open', createdAt: at('16:11'), updatedAt: at('16:11'), doneAt: null, jiraKey: null, jiraUrl: null },
];

describe('the assembled post-mortem', () => {
  const doc = assembleDocument({ facts: scriptedP1Facts(), settings: SETTINGS, record, sections, actionItems: items, now: at('09:00', 28) });

  it('takes the latest version of every section and lists what is still missing', () => {
    expect(latestSections(sections).root_cause?.version).toBe(2);
    expect(doc.rootCause.technical).toMatch(/^The TLS certificate/);
    expect(doc.sections.root_cause).toMatchObject({ version: 2, author: 'Alice Commander' });
    expect(doc.missingForPublish).toEqual([]);
    const bare = assembleDocument({ facts: scriptedP1Facts(), settings: SETTINGS, record, sections: [], actionItems: [], now: at('09:00', 28) });
    expect(bare.missingForPublish).toEqual(['root_cause', 'contributing_factors', 'prevention_prevent', 'prevention_detect', 'prevention_respond']);
  });

  it('shows action items with owner names, overdue ones flagged, and their Jira issue', () => {
    expect(doc.actionItems.map((a) => [a.title, a.owner.name, a.overdue, a.jira?.key ?? null])).toEqual([
      ['Automate certificate renewal', 'Bob Engineer', false, 'OPS-1'],
      ['Write the gateway TLS runbook', 'Alice Commander', true, null],
    ]);
    expect(doc.due).toEqual({ at: '2026-11-28T12:37:00.000Z', state: 'pending', metAt: null });
    expect(doc.distribution.external).toMatch(/sent to comms for approval/);
  });

  it('renders every field of the template in Markdown', () => {
    const md = renderMarkdown(doc);
    for (const field of [
      '## Incident Summary',
      '- **Title:** Payment processing outage',
      '- **Date:** 2026-11-26 10:00–12:37 UTC',
      '- **Severity:** P1',
      '- **Duration:** 2026-11-26 10:00 UTC to 2026-11-26 12:37 UTC (2h 37m)',
      '- **Incident Commander:** Alice Commander',
      '## Impact',
      '- **Customers affected:** 140 (7% of total customer base)',
      '- **Revenue impact:** $15,700 (estimated lost revenue during outage: 157 min × $100/min)',
      '- **SLA breaches:** 2 customers (credits issued: $5,000)',
      '- **Support tickets:** 60 tickets created during incident (200% increase vs. normal',
      '- **Reputation:** media attention flagged',
      '## Timeline',
      '| 10:00 | Incident detected by multi-customer impact (140 customers), reported by Erin Support |',
      '| 10:00 | P1 declared by Erin Support |',
      '| not recorded | War room activated: not recorded |',
      '| 10:31 | First customer notification sent |',
      '| 11:45 | Root cause identified: The TLS certificate of the card gateway expired; Bob Engineer found it in the gateway logs (mail bob@example.test). |',
      '| 12:10 | Fix deployed (payments@4f2a9c1) |',
      '| 12:10 | Resolution verified (synthetic checkout passes) |',
      '| 12:37 | Incident resolved declared by Alice Commander |',
      '| 14:40 | All-clear notification sent |',
      '### Full timeline',
      '## Root Cause',
      '- **Technical root cause:** The TLS certificate',
      '- **Contributing factors:** Renewal was manual',
      '- **Why detection was delayed:** _not applicable / to be written_',
      '- **Why escalation was delayed:** _not applicable / to be written_',
      '## Response Effectiveness',
      '- Assessment at 12 min (target 15)',
      '- First customer notice at 31 min (target 30)',
      '- 0 of 2 updates on cadence (every 30 min)',
      '- 1 of 2 executive updates on time (every 60 min)',
      '## What Went Well',
      '1. Fast initial assessment (12 min vs. 15 min target)',
      '## What Could Be Improved',
      '1. Slower customer notification (31 min vs. 30 min target)',
      '## Action Items',
      '1. Automate certificate renewal — Owner: Bob Engineer — Due: 2026-12-04 — Priority: High — Status: open — Jira: [OPS-1](https://jira.example.test/browse/OPS-1)',
      '2. Write the gateway TLS runbook — Owner: Alice Commander — Due: 2026-11-27 — Priority: Medium — Status: open, **overdue**',
      '## Prevention',
      '- **How to prevent this from happening again:** Automate certificate renewal (ACME) for every gateway.',
      '- **How to detect faster if it does happen:** Alert 14 days before',
      '- **How to respond more effectively:** Runbook for gateway TLS failures',
      '## Distribution',
      '- **Internal:** All engineering, support, and leadership teams',
      '- **External:** Public post-mortem on the blog/status page',
      '- **Follow-up:** Action items tracked in Jira; reviewed in the monthly ops meeting',
    ]) {
      expect(md).toContain(field);
    }
    expect(md).toContain('| 12:38 | Acme Corp called the CEO directly | Alice Commander | internal |');
  });

  it('says "to be written" rather than dropping a field nobody wrote', () => {
    const md = renderMarkdown(assembleDocument({ facts: scriptedP1Facts(), settings: SETTINGS, record, sections: [], actionItems: [], now: at('15:00') }));
    expect(md).toContain('- **Technical root cause:** _to be written_');
    expect(md).toContain('## Action Items\n\n_to be written_');
    expect(md).toContain('- **How to respond more effectively:** _to be written_');
  });

  it('renders a PDF', async () => {
    const pdf = await renderPdf(doc, at('09:00', 28));
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(3000);
    expect(pdfSafe('declared → identified ≥ 5× ✓ 😀')).toBe('declared -> identified >= 5× ok ?');
  });
});

describe('the external version (P1)', () => {
  const facts = scriptedP1Facts();
  const doc = assembleDocument({ facts, settings: SETTINGS, record, sections, actionItems: items, now: at('09:00', 28) });
  const external = externalVersion(doc, facts)!;

  it('has the title, a summary, the impact, the root cause and prevention', () => {
    expect(external.title).toBe('Payment processing outage');
    expect(external.summary).toBe(
      'On 2026-11-26 10:00–12:37 UTC (2h 37m) we had a P1 incident: Payment processing outage. Our incident commander coordinated the response. A fix was deployed at 12:10 UTC and the incident was declared resolved at 12:37 UTC, once monitoring confirmed the service was stable.',
    );
    expect(external.impact).toBe('140 customers (7% of our customers) were affected for 2h 37m. Impact: card payments fail for EU customers.');
    expect(external.rootCause).toContain('Contributing factors: Renewal was manual');
    expect(external.prevention.split('\n')).toHaveLength(3);
  });

  it('names nobody: people become roles, e-mail addresses go; no notes, customers or money', () => {
    const all = JSON.stringify(external);
    expect(external.rootCause).toContain('our engineering lead found it in the gateway logs (mail [e-mail removed])');
    expect(external.prevention).toContain('our incident commander to add it to the on-call guide');
    for (const p of Object.values(PEOPLE)) {
      expect(all).not.toContain(p.name);
      expect(all).not.toContain(p.email);
    }
    expect(all).not.toMatch(/Acme|Globex|\$|15,700|called the CEO/);
  });

  it('maps escalation contacts and bystanders to roles too', () => {
    expect(scrubNames('Cora CTO and Victor VP Engineering joined; so did Sam.', facts)).toBe('our CTO and our VP of Engineering joined; so did our VP of Support.');
    expect(scrubNames('Nobody named here.', facts)).toBe('Nobody named here.');
  });

  it('is refused while the root cause or prevention is unwritten', () => {
    const bare = assembleDocument({ facts, settings: SETTINGS, record, sections: [], actionItems: [], now: at('15:00') });
    expect(externalVersion(bare, facts)).toBeNull();
  });
});
