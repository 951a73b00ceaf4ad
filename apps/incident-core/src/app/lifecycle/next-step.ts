import type { IncidentRole, IncidentStatus, Severity } from '@sitrep/contracts';

export interface NextStepFacts {
  status: IncidentStatus;
  severity: Severity;
  holders: Partial<Record<IncidentRole, unknown>>;
  assessed: boolean;
  fixDeployed: boolean;
  verificationPassed: boolean;
  stableSince: Date | null;
  stabilityWindowMs: number;
  recoveryWatchEndsAt: Date | null;
  postmortemState: 'draft' | 'reviewed' | 'published' | null;
  now: Date;
}

const hhmm = (at: Date) => `${at.toISOString().slice(11, 16)} UTC`;

/**
 * The next step the seed's process expects of an incident, in words for the war room. The first
 * missing thing wins: a commander, a P1's sponsor, the assessment, then the road to resolution, the
 * recovery watch and the post-mortem.
 */
export function nextStep(f: NextStepFacts): string | null {
  if (f.status !== 'closed' && !f.holders.commander) return 'assign an incident commander';
  if (f.status !== 'closed' && f.severity === 'P1' && !f.holders.executive_sponsor) return 'assign an executive sponsor (a P1 needs one)';
  switch (f.status) {
    case 'declared':
    case 'investigating':
    case 'identified':
      if (!f.assessed) return 'record the initial assessment';
      return f.status === 'identified' ? 'deploy a fix and record it' : 'find the cause, then deploy a fix and record it';
    case 'monitoring':
      if (!f.verificationPassed) return 'verify the deployed fix';
      if (!f.stableSince) return 'wait for healthy monitoring signals to start the stability window';
      if (f.now.getTime() < f.stableSince.getTime() + f.stabilityWindowMs) return `keep the signals healthy until ${hhmm(new Date(f.stableSince.getTime() + f.stabilityWindowMs))}, then resolve`;
      return 'the commander resolves the incident';
    case 'resolved':
    case 'recovery_watch':
      if (f.recoveryWatchEndsAt && f.now < f.recoveryWatchEndsAt) return `watch for a recurrence until ${hhmm(f.recoveryWatchEndsAt)}, then close; meanwhile write the post-mortem`;
      return 'the commander closes the incident';
    case 'closed':
      if (f.postmortemState === 'draft') return 'write the post-mortem, then the commander records its review';
      if (f.postmortemState === 'reviewed') return 'the commander publishes the post-mortem';
      return null;
  }
}
