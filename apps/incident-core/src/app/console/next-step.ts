/** What the process expects next, in the seed's order, for the incident page's banner. */
export interface StepFacts {
  status: string;
  hasCommander: boolean;
  assessed: boolean;
  fixDeployed: boolean;
  verified: boolean;
  recoveryWatchEndsAt: string | null;
  postmortemState: string | null;
}

export function nextStep(f: StepFacts): string {
  if (!f.hasCommander) return 'Assign an incident commander.';
  switch (f.status) {
    case 'declared':
      return 'Start investigating: set the status to investigating and record the initial assessment.';
    case 'investigating':
      return f.assessed ? 'Find the cause: set the status to identified when you know it.' : 'Record the initial assessment (impact, customers affected, severity).';
    case 'identified':
      return f.fixDeployed ? 'Verify the fix.' : 'Deploy the fix, then record it.';
    case 'monitoring':
      if (!f.fixDeployed) return 'Record the fix deployed.';
      if (!f.verified) return 'Verify the fix.';
      return 'Watch the signals for the stability window, then the commander declares the incident resolved.';
    case 'resolved':
    case 'recovery_watch':
      return `Recovery watch${f.recoveryWatchEndsAt ? ` until ${f.recoveryWatchEndsAt.slice(0, 16).replace('T', ' ')} UTC` : ''}; then the commander closes the incident. Write the post-mortem meanwhile.`;
    case 'closed':
      if (f.postmortemState === 'published') return 'Done: the post-mortem is published. Track its action items.';
      if (f.postmortemState === 'reviewed') return 'The post-mortem was reviewed: the commander publishes it.';
      return 'Write the post-mortem, hold the review, then publish.';
    default:
      return '';
  }
}
