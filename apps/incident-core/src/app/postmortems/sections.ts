import { z } from 'zod';

/**
 * What people write in a post-mortem, section by section (the rest the draft fills itself). Every
 * edit is a new version with its author and time.
 */
export const SECTION_KEYS = [
  'root_cause',
  'contributing_factors',
  'detection_delay',
  'escalation_delay',
  'prevention_prevent',
  'prevention_detect',
  'prevention_respond',
  'what_went_well',
  'what_could_be_improved',
  'reputation',
  'revenue_impact',
] as const;
export const sectionKeySchema = z.enum(SECTION_KEYS);
export type SectionKey = z.infer<typeof sectionKeySchema>;

export const SECTION_TITLES: Record<SectionKey, string> = {
  root_cause: 'Technical root cause',
  contributing_factors: 'Contributing factors',
  detection_delay: 'Why detection was delayed',
  escalation_delay: 'Why escalation was delayed',
  prevention_prevent: 'How to prevent this from happening again',
  prevention_detect: 'How to detect faster if it does happen',
  prevention_respond: 'How to respond more effectively',
  what_went_well: 'What went well (as agreed in the review)',
  what_could_be_improved: 'What could be improved (as agreed in the review)',
  reputation: 'Reputation (media mentions, social media sentiment, customer complaints)',
  revenue_impact: 'Revenue impact (entered; replaces the estimate)',
};

/** Publishing needs these written; the "why delayed" sections are "if applicable". */
export const REQUIRED_FOR_PUBLISH: readonly SectionKey[] = ['root_cause', 'contributing_factors', 'prevention_prevent', 'prevention_detect', 'prevention_respond'];

/** The latest version of each written section. */
export type WrittenSections = Partial<Record<SectionKey, string>>;
