import { NextStepFacts, nextStep } from './next-step';

const now = new Date('2026-11-26T10:00:00.000Z');
const facts = (over: Partial<NextStepFacts>): NextStepFacts => ({
  status: 'declared',
  severity: 'P2',
  holders: { commander: 'alice' },
  assessed: false,
  fixDeployed: false,
  verificationPassed: false,
  stableSince: null,
  stabilityWindowMs: 600_000,
  recoveryWatchEndsAt: null,
  postmortemState: null,
  now,
  ...over,
});

describe('the next step the process expects', () => {
  it('asks for a commander first, then a P1 sponsor, then the assessment', () => {
    expect(nextStep(facts({ holders: {} }))).toBe('assign an incident commander');
    expect(nextStep(facts({ severity: 'P1' }))).toBe('assign an executive sponsor (a P1 needs one)');
    expect(nextStep(facts({}))).toBe('record the initial assessment');
    expect(nextStep(facts({ assessed: true, status: 'identified' }))).toBe('deploy a fix and record it');
  });

  it('walks the fix through verification and the stability window to resolution', () => {
    const monitoring = { status: 'monitoring' as const, assessed: true, fixDeployed: true };
    expect(nextStep(facts(monitoring))).toBe('verify the deployed fix');
    expect(nextStep(facts({ ...monitoring, verificationPassed: true }))).toBe('wait for healthy monitoring signals to start the stability window');
    expect(nextStep(facts({ ...monitoring, verificationPassed: true, stableSince: new Date('2026-11-26T09:55:00.000Z') }))).toBe('keep the signals healthy until 10:05 UTC, then resolve');
    expect(nextStep(facts({ ...monitoring, verificationPassed: true, stableSince: new Date('2026-11-26T09:40:00.000Z') }))).toBe('the commander resolves the incident');
  });

  it('watches for recurrence, closes, then asks for the post-mortem until it is published', () => {
    expect(nextStep(facts({ status: 'recovery_watch', recoveryWatchEndsAt: new Date('2026-11-26T11:00:00.000Z') }))).toBe(
      'watch for a recurrence until 11:00 UTC, then close; meanwhile write the post-mortem',
    );
    expect(nextStep(facts({ status: 'recovery_watch', recoveryWatchEndsAt: new Date('2026-11-26T09:00:00.000Z') }))).toBe('the commander closes the incident');
    expect(nextStep(facts({ status: 'closed', holders: {}, postmortemState: 'draft' }))).toBe('write the post-mortem, then the commander records its review');
    expect(nextStep(facts({ status: 'closed', postmortemState: 'reviewed' }))).toBe('the commander publishes the post-mortem');
    expect(nextStep(facts({ status: 'closed', postmortemState: 'published' }))).toBeNull();
  });
});
