import { nextStep } from './next-step';

const facts = { status: 'declared', hasCommander: true, assessed: false, fixDeployed: false, verified: false, recoveryWatchEndsAt: null, postmortemState: null };

describe('the next step on the incident page', () => {
  it('asks for a commander first', () => {
    expect(nextStep({ ...facts, hasCommander: false })).toMatch(/Assign an incident commander/);
  });

  it('follows the seed: investigate, assess, fix, verify, watch, resolve', () => {
    expect(nextStep(facts)).toMatch(/investigating/);
    expect(nextStep({ ...facts, status: 'investigating' })).toMatch(/initial assessment/);
    expect(nextStep({ ...facts, status: 'identified', assessed: true })).toMatch(/Deploy the fix/);
    expect(nextStep({ ...facts, status: 'monitoring', assessed: true, fixDeployed: true })).toMatch(/Verify the fix/);
    expect(nextStep({ ...facts, status: 'monitoring', assessed: true, fixDeployed: true, verified: true })).toMatch(/stability window/);
    expect(nextStep({ ...facts, status: 'recovery_watch', recoveryWatchEndsAt: '2026-03-01T12:00:00.000Z' })).toMatch(/until 2026-03-01 12:00 UTC/);
  });

  it('ends with the post-mortem', () => {
    expect(nextStep({ ...facts, status: 'closed', postmortemState: 'draft' })).toMatch(/Write the post-mortem/);
    expect(nextStep({ ...facts, status: 'closed', postmortemState: 'published' })).toMatch(/published/);
  });
});
