import type { EscalationContactRole, ExternalPostmortem, IncidentRole } from '@sitrep/contracts';
import type { PostmortemDocument } from './document';
import type { IncidentFacts } from './facts';
import { hhmm } from './format';

/**
 * The external version of a P1 post-mortem: no internal notes, no timeline lines, no revenue, no
 * customer names, and no people's names: each person on the roster is named by role.
 */

const INCIDENT_ROLE_WORDS: Record<IncidentRole, string> = {
  commander: 'our incident commander',
  engineering_lead: 'our engineering lead',
  support_lead: 'our support lead',
  comms_lead: 'our communications lead',
  executive_sponsor: 'our executive sponsor',
};
const CONTACT_ROLE_WORDS: Record<EscalationContactRole, string> = {
  engineering_vp: 'our VP of Engineering',
  cto: 'our CTO',
  support_vp: 'our VP of Support',
  cso: 'our Chief Support Officer',
  pr: 'our PR team',
  ceo: 'our CEO',
};

/** How each person on the roster is called in public: by their role in this incident, else a generic one. */
export function roleWords(facts: Pick<IncidentFacts, 'people' | 'roles' | 'implementers' | 'escalationContacts'>): Map<string, string> {
  const words = new Map<string, string>();
  for (const id of Object.keys(facts.people)) words.set(id, 'a team member');
  for (const [role, id] of Object.entries(facts.escalationContacts)) if (id) words.set(id, CONTACT_ROLE_WORDS[role as EscalationContactRole]);
  for (const id of facts.implementers) words.set(id, 'an engineer');
  for (const [role, id] of Object.entries(facts.roles)) if (id) words.set(id, INCIDENT_ROLE_WORDS[role as IncidentRole]);
  return words;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Replaces e-mail addresses and every roster person's full name (then unambiguous first name) with their role. */
export function scrubNames(text: string, facts: Pick<IncidentFacts, 'people' | 'roles' | 'implementers' | 'escalationContacts'>): string {
  const words = roleWords(facts);
  let out = text.replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, '[e-mail removed]');
  const people = Object.values(facts.people).sort((a, b) => b.name.length - a.name.length);
  for (const p of people) out = out.replace(new RegExp(`\\b${escapeRegExp(p.name)}\\b`, 'gi'), words.get(p.id) ?? 'a team member');
  const firstNames = new Map<string, string[]>();
  for (const p of people) {
    const first = p.name.split(/\s+/)[0];
    if (first.length >= 3) firstNames.set(first.toLowerCase(), [...(firstNames.get(first.toLowerCase()) ?? []), p.id]);
  }
  for (const [first, ids] of firstNames) {
    const word = ids.length === 1 ? (words.get(ids[0]) ?? 'a team member') : 'a team member';
    out = out.replace(new RegExp(`\\b${escapeRegExp(first)}\\b`, 'gi'), word);
  }
  return out;
}

/** Builds the external version; refuses (returns null) while the root cause or prevention is unwritten. */
export function externalVersion(doc: PostmortemDocument, facts: Pick<IncidentFacts, 'people' | 'roles' | 'implementers' | 'escalationContacts' | 'incident'>): ExternalPostmortem | null {
  const scrub = (t: string) => scrubNames(t, facts);
  const { summary, impact } = doc;
  if (!doc.rootCause.technical || !doc.prevention.prevent) return null;
  const fix = doc.timeline.find((r) => r.key === 'fix_deployed' && r.at);
  const end = summary.end ? new Date(summary.end) : null;
  const parts = [`On ${summary.date} (${summary.duration}) we had a ${summary.severity} incident: ${summary.title}.`, 'Our incident commander coordinated the response.'];
  const stable = 'once monitoring confirmed the service was stable';
  if (end && fix?.at) parts.push(`A fix was deployed at ${hhmm(new Date(fix.at))} UTC and the incident was declared resolved at ${hhmm(end)} UTC, ${stable}.`);
  else if (end) parts.push(`The incident was declared resolved at ${hhmm(end)} UTC, ${stable}.`);
  const summaryText = parts.join(' ');
  const customers = impact.customersAffected;
  const share = impact.customersAffectedPercent !== null ? ` (${impact.customersAffectedPercent}% of our customers)` : '';
  const scope = facts.incident.assessment?.impactScope ? ` Impact: ${scrub(facts.incident.assessment.impactScope)}.` : '';
  const impactText = `${customers !== null ? `${customers} customers${share} were affected` : 'Customers were affected'} for ${summary.duration}.${scope}`;
  const rootCause = [scrub(doc.rootCause.technical), doc.rootCause.contributingFactors ? `Contributing factors: ${scrub(doc.rootCause.contributingFactors)}` : null].filter(Boolean).join('\n\n');
  const prevention = [
    `To prevent this from happening again: ${scrub(doc.prevention.prevent)}`,
    doc.prevention.detectFaster ? `To detect it faster: ${scrub(doc.prevention.detectFaster)}` : null,
    doc.prevention.respondBetter ? `To respond more effectively: ${scrub(doc.prevention.respondBetter)}` : null,
  ]
    .filter(Boolean)
    .join('\n');
  return { title: summary.title, summary: scrub(summaryText), impact: impactText, rootCause, prevention };
}
